// Lets GOV.UK Frontend style components for JavaScript before the page paints.
// A file, not an inline script, so a strict Content Security Policy can forbid inline scripts.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
