"""A last line of defence: no write to a signed-off LA's returns, whatever the code path."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver

from .models import InvestmentLine, MappingReturn, SectionAssignment, WorkforceLine
from .services.locking import ensure_unlocked


def _return_of(instance) -> MappingReturn | None:
    if isinstance(instance, MappingReturn):
        return instance
    if instance.mapping_return_id is None:
        return None
    return MappingReturn.objects.only("local_authority_id", "cycle_id").get(
        pk=instance.mapping_return_id
    )


@receiver(pre_save, sender=MappingReturn)
@receiver(pre_save, sender=SectionAssignment)
@receiver(pre_save, sender=InvestmentLine)
@receiver(pre_save, sender=WorkforceLine)
@receiver(pre_delete, sender=MappingReturn)
@receiver(pre_delete, sender=SectionAssignment)
@receiver(pre_delete, sender=InvestmentLine)
@receiver(pre_delete, sender=WorkforceLine)
def refuse_locked_writes(sender, instance, **kwargs) -> None:
    mapping_return = _return_of(instance)
    if mapping_return is not None and mapping_return.local_authority_id and mapping_return.cycle_id:
        ensure_unlocked(mapping_return.local_authority_id, mapping_return.cycle_id)


@receiver(m2m_changed, sender=MappingReturn.outcomes.through)
@receiver(m2m_changed, sender=MappingReturn.ecm_aims.through)
def refuse_locked_outcome_changes(sender, instance, action, **kwargs) -> None:
    if action.startswith("pre_") and isinstance(instance, MappingReturn):
        ensure_unlocked(instance.local_authority_id, instance.cycle_id)
