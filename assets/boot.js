// The watchdog of the page before the app (a classic script, no modules: it must run in
// the old webviews it exists for).
//
// If this browser has no WebAssembly, if loading or starting the app fails, or if the app
// has not started after 20 seconds, it shows the plain message with the hospital's phone
// number (#nowasm) at the top, above the first screen the server drew (its links still
// work), or in place of the loading screen when the server drew none, instead of leaving
// an endlessly loading page. The app, once it takes over, removes #first and sets
// <html data-app="ready">; from then on this script does nothing.
(function () {
  'use strict';

  var root = document.documentElement;
  var START_TIMEOUT_MS = 20000;
  var timer = null;

  function started() {
    return root.getAttribute('data-app') === 'ready';
  }

  function show() {
    var boot = document.getElementById('boot');
    var message = document.getElementById('nowasm');
    if (boot) { boot.hidden = true; }
    if (message) { message.hidden = false; }
    root.setAttribute('data-app', 'failed');
  }

  function fail() {
    if (started() || root.getAttribute('data-app') === 'failed') { return; }
    if (timer !== null) { clearTimeout(timer); timer = null; }
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', show);
    } else {
      show();
    }
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fail();
    return;
  }

  // Script errors, and (in the capture phase) failed loads of the app's own files. Other
  // failed resources, such as an image, do not stop the app.
  window.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target !== window && target.tagName) {
      var tag = target.tagName.toUpperCase();
      if (tag !== 'SCRIPT' && tag !== 'LINK') { return; }
    }
    fail();
  }, true);

  // A rejected import or WebAssembly.instantiate in trunk's loader.
  window.addEventListener('unhandledrejection', fail);

  timer = setTimeout(fail, START_TIMEOUT_MS);
})();

// The offline banner (#offline) and the service worker (/sw.js).
//
// The banner shows while the browser says it is offline, and when this page was answered
// from the service worker's saved copy because the network failed (the worker marks that
// copy with data-offline="1" on <html>). It goes away when the browser is back online
// and, for a saved copy, once a request to the server succeeds again. While it shows,
// <html> keeps data-offline="1", so the app can tell too. This only tells the truth
// about the network: whatever needs the server fails in the app as it would anyway.
(function () {
  'use strict';

  var root = document.documentElement;
  // How often a page answered from the saved copy asks whether the server is back.
  var PROBE_EVERY_MS = 5000;
  var fromSavedCopy = root.getAttribute('data-offline') === '1';
  var probeTimer = null;
  var watched = null;

  function browserOffline() {
    return typeof navigator.onLine === 'boolean' && !navigator.onLine;
  }

  // Keeps --cw-offline-h at the banner's height, so the page can leave room for it.
  function measure() {
    var banner = document.getElementById('offline');
    if (!banner || banner.hidden) {
      root.style.removeProperty('--cw-offline-h');
      return;
    }
    root.style.setProperty('--cw-offline-h', banner.offsetHeight + 'px');
    if (watched !== banner && typeof ResizeObserver === 'function') {
      watched = banner;
      new ResizeObserver(measure).observe(banner);
    }
  }

  function update() {
    var offline = fromSavedCopy || browserOffline();
    if (offline) {
      root.setAttribute('data-offline', '1');
    } else {
      root.removeAttribute('data-offline');
    }
    var banner = document.getElementById('offline');
    if (banner) {
      banner.hidden = !offline;
    }
    measure();
    if (fromSavedCopy && !browserOffline()) {
      scheduleProbe();
    }
  }

  // Asks the server for a small file, past every cache (a HEAD request, which the
  // service worker leaves alone).
  function probe() {
    probeTimer = null;
    if (!fromSavedCopy || browserOffline() || typeof fetch !== 'function') {
      return;
    }
    fetch('/manifest.webmanifest', { method: 'HEAD', cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        if (response.ok) {
          fromSavedCopy = false;
        }
        update();
      }, update);
  }

  function scheduleProbe() {
    if (probeTimer === null) {
      probeTimer = setTimeout(probe, PROBE_EVERY_MS);
    }
  }

  window.addEventListener('offline', update);
  window.addEventListener('online', function () {
    if (probeTimer !== null) {
      clearTimeout(probeTimer);
      probeTimer = null;
    }
    update();
    if (fromSavedCopy) {
      probe();
    }
  });
  window.addEventListener('resize', measure);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', update);
  } else {
    update();
  }

  // Old webviews have no service workers: they load everything from the network, as
  // before. Registered a few seconds after the page has loaded, so that starting the
  // worker and saving the app's files (every journey's piece) do not compete with the
  // app starting and drawing the page: registered at the load event, they made the
  // first seconds of a cold visit on a slow phone stall at random. A returning visitor
  // has the worker already; registering again only checks it for an update.
  var REGISTER_AFTER_MS = 3000;
  if ('serviceWorker' in navigator && navigator.serviceWorker) {
    var register = function () {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});
    };
    var soon = function () { setTimeout(register, REGISTER_AFTER_MS); };
    if (document.readyState === 'complete') {
      soon();
    } else {
      window.addEventListener('load', soon);
    }
  }
})();
