"""Keep the garbage collector off what the process loaded at startup.

A worker holds a couple of hundred thousand long-lived objects (modules, models, URL
patterns, compiled templates). Each full collection walks them all, and one falls due every
few dozen requests: a pause of tens of milliseconds in whichever page happens to trigger it
(the slowest search pages were such pauses). ``gc.freeze()`` after the first request moves
everything loaded by then to a generation the collector never scans; objects made while
serving requests are collected as before.
"""

from __future__ import annotations

import gc

from django.core.signals import request_finished


def _freeze(**kwargs) -> None:
    request_finished.disconnect(_freeze, dispatch_uid=__name__)
    gc.collect()
    gc.freeze()


def install() -> None:
    request_finished.connect(_freeze, dispatch_uid=__name__, weak=False)
