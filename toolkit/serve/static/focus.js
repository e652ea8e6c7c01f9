// Move the focus to the error summary (or the notice) a page opens with, so that screen
// readers announce it; the `autofocus` attribute does the same where it is honoured.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[autofocus]");
  if (target && document.activeElement !== target) {
    target.focus();
  }
});
