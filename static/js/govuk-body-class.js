// Marks the page as scripted as soon as <body> opens, so GOV.UK Frontend's JavaScript-only
// styles apply without a flash. A file rather than inline script: the Content-Security-Policy
// allows scripts from this site only.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
