// labelgate's pages work without this script; it reveals forms, previews selectors as you type,
// copies the new token and asks before regenerating or deleting.
(function () {
  'use strict';

  function reveal(buttonId, targetId, focusId) {
    var button = document.getElementById(buttonId);
    var target = document.getElementById(targetId);
    if (!button || !target) { return; }
    button.addEventListener('click', function () {
      target.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      var focus = document.getElementById(focusId);
      if (focus) { focus.focus(); }
    });
  }
  reveal('show-token-login', 'token-form', 'token');
  reveal('new-token', 'new-token-form', 'name');

  var form = document.getElementById('new-token-form');
  if (form) {
    var selector = document.getElementById('selector');
    var allApps = document.getElementById('all-apps');
    var region = document.getElementById('region');
    var status = document.getElementById('selector-status');
    var list = document.getElementById('matching-apps');
    var timer = null;
    var preview = function () {
      var role = form.querySelector('input[name=role]:checked');
      var query = new URLSearchParams({
        selector: selector.value, allApps: allApps.checked ? 'true' : 'false',
        region: region.value, role: role ? role.value : 'read'
      });
      fetch(form.getAttribute('data-preview') + '?' + query.toString(), { credentials: 'same-origin' })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          status.textContent = answer.message;
          status.className = 'hint ' + (answer.valid ? 'valid' : 'invalid');
          list.textContent = '';
          answer.apps.forEach(function (app) {
            var item = document.createElement('li');
            item.textContent = app.name + ' (' + app.region + ')';
            list.appendChild(item);
          });
          if (answer.valid && answer.apps.length === 0) {
            var none = document.createElement('li');
            none.textContent = 'no registered app matches yet';
            none.className = 'hint';
            list.appendChild(none);
          }
        })
        .catch(function () { status.textContent = 'the preview is unavailable'; });
    };
    var later = function () { clearTimeout(timer); timer = setTimeout(preview, 150); };
    [selector, region].forEach(function (input) { input.addEventListener('input', later); });
    [allApps].concat(Array.prototype.slice.call(form.querySelectorAll('input[name=role]')))
      .forEach(function (input) { input.addEventListener('change', later); });
  }

  var copy = document.getElementById('copy-token');
  if (copy) {
    copy.addEventListener('click', function () {
      var value = document.getElementById('new-token-value');
      value.select();
      var done = function () { copy.textContent = 'Copied'; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value.value).then(done, function () { document.execCommand('copy'); done(); });
      } else {
        document.execCommand('copy');
        done();
      }
    });
  }

  var dialog = document.getElementById('confirm');
  Array.prototype.forEach.call(document.querySelectorAll('form.confirm'), function (confirmed) {
    confirmed.addEventListener('submit', function (event) {
      if (!dialog || typeof dialog.showModal !== 'function' || confirmed.dataset.confirmed === 'yes') { return; }
      event.preventDefault();
      document.getElementById('confirm-text').textContent = confirmed.getAttribute('data-question');
      dialog.returnValue = '';
      dialog.onclose = function () {
        if (dialog.returnValue === 'yes') {
          confirmed.dataset.confirmed = 'yes';
          confirmed.submit();
        }
      };
      dialog.showModal();
    });
  });
}());
