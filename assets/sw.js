// The service worker of the Careway app (served as /sw.js, registered by boot.js).
//
// Repeat visits load the app's files from this cache, and a kiosk or a phone that loses
// the network still opens the saved page, marked so that boot.js says it is offline.
//
//   - Fingerprinted files (a content hash in the name, 12 to 16 hex digits as trunk writes
//     them without leading zeros; the same rule as `is_fingerprinted` in
//     server/src/http/spa.rs): cache first. Their
//     content never changes under a name.
//   - Page loads (navigations): network first, so a new release arrives with the next
//     load. When the network fails, the saved copy of the same address is answered, else
//     the saved copy of "/", with data-offline="1" on its <html>.
//   - Icons and the web manifest: the saved copy at once, refreshed from the network.
//   - Everything else (notably /api/) is not touched: it goes to the network as if there
//     were no service worker.
//
// Never saved: anything under /api/, any request other than GET, any response with
// `Cache-Control: no-store` (patient data is sent that way and never lands here), and
// anything that is not a plain 200 answer of this origin.
//
// Plain ES5 and promises, no modules, no eval: it runs under the page's
// Content-Security-Policy (worker-src 'self').
'use strict';

// Bump when the way files are saved changes: the old cache is deleted on activation.
var CACHE_PREFIX = 'careway-';
var CACHE = CACHE_PREFIX + 'v1';

// Saved pages beyond "/" (deep links, such as /booking), oldest dropped first.
var PAGES_KEPT = 12;

// How long a page load waits for the network before answering with the saved copy: a
// kiosk on a network that drops packets should not show a blank screen for a minute.
var NETWORK_PATIENCE_MS = 8000;

var ROOT = new URL('/', self.location.origin).href;

function isApi(path) {
  return path === '/api' || path.indexOf('/api/') === 0;
}

function isFingerprinted(path) {
  var name = path.slice(path.lastIndexOf('/') + 1);
  return name.split(/[-_.]/).some(function (part) {
    return /^[0-9a-fA-F]{12,16}$/.test(part);
  });
}

function isRevalidated(path) {
  return path === '/manifest.webmanifest' || path.indexOf('/icons/') === 0;
}

function isPageEntry(url) {
  var path = new URL(url).pathname;
  return !isFingerprinted(path) && !isRevalidated(path);
}

// Whether a response may be saved at all.
function storable(response) {
  if (!response || response.status !== 200 || response.type !== 'basic' || response.redirected) {
    return false;
  }
  var control = response.headers.get('Cache-Control') || '';
  return !/(^|[,\s])no-store($|[,\s;=])/i.test(control);
}

function isHtml(response) {
  return /^text\/html/i.test(response.headers.get('Content-Type') || '');
}

// A gateway in front of the server answering for it: as good as no network.
function unreachable(response) {
  return response.status === 502 || response.status === 503 || response.status === 504;
}

// The same-origin fingerprinted files a page refers to (its loader, wasm, styles, boot
// script), as paths, plus its icons and manifest.
function referencedFiles(html) {
  var found = {};
  var quoted = /["'](\/[^"'\s<>]*)["']/g;
  var match;
  while ((match = quoted.exec(html)) !== null) {
    var url = new URL(match[1], self.location.origin);
    var path = url.pathname;
    if (url.origin === self.location.origin && (isFingerprinted(path) || isRevalidated(path))) {
      found[path] = true;
    }
  }
  return Object.keys(found);
}

function keyOf(url) {
  var parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

function ignore() {}

// Saves `response` under `key` when it may be saved; never fails (a full disk only
// means the file is not saved).
function save(cache, key, response) {
  if (!storable(response)) {
    return Promise.resolve();
  }
  return cache.put(key, response).catch(ignore);
}

// After a page of some build was saved: drops saved pages of other builds (they would
// start files that are no longer kept), pages beyond PAGES_KEPT, and every
// fingerprinted file that the saved page does not refer to.
function prune(cache, pageKey, html) {
  var keep = {};
  referencedFiles(html).forEach(function (path) {
    if (isFingerprinted(path)) {
      keep[path] = true;
    }
  });
  var sameBuild = function (other) {
    var files = referencedFiles(other).filter(isFingerprinted);
    return files.length === Object.keys(keep).length &&
      files.every(function (path) { return keep[path]; });
  };
  if (Object.keys(keep).length === 0) {
    // Not a page of the app (no files of a build): nothing to judge others by.
    return Promise.resolve();
  }
  return cache.keys().then(function (requests) {
    var pages = [];
    var work = [];
    requests.forEach(function (request) {
      var url = request.url;
      var path = new URL(url).pathname;
      if (isFingerprinted(path)) {
        if (!keep[path]) {
          work.push(cache.delete(request));
        }
      } else if (isPageEntry(url) && url !== pageKey) {
        pages.push(request);
      }
    });
    // Pages come back oldest first; the newest PAGES_KEPT of this build stay.
    var checks = pages.map(function (request) {
      return cache.match(request).then(function (response) {
        return response ? response.text() : '';
      }).then(function (text) {
        return sameBuild(text);
      });
    });
    return Promise.all(checks).then(function (same) {
      var kept = 0;
      for (var i = pages.length - 1; i >= 0; i -= 1) {
        var root = pages[i].url === ROOT;
        if (same[i] && (root || kept < PAGES_KEPT)) {
          kept += root ? 0 : 1;
        } else {
          work.push(cache.delete(pages[i]));
        }
      }
      return Promise.all(work);
    });
  }).catch(ignore);
}

// Saves a page (a copy of the answer to a navigation) and prunes what it makes stale.
function savePage(key, response) {
  return caches.open(CACHE).then(function (cache) {
    return response.clone().text().then(function (html) {
      return save(cache, key, response).then(function () {
        return prune(cache, key, html);
      });
    });
  }).catch(ignore);
}

// The saved page for `url`, else the saved "/", marked as served from here because the
// network failed; undefined when nothing is saved.
function savedPage(url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(url, { ignoreVary: true }).then(function (hit) {
      return hit || cache.match(ROOT, { ignoreVary: true });
    });
  }).then(function (saved) {
    if (!saved) {
      return undefined;
    }
    return saved.text().then(function (html) {
      // boot.js reads this attribute and shows the offline banner. The headers (and so
      // the Content-Security-Policy the page was served with) are kept.
      var marked = html.replace(/<html(?=[\s>])/i, '<html data-offline="1"');
      var headers = new Headers(saved.headers);
      headers.delete('Content-Length');
      headers.delete('Content-Encoding');
      return new Response(marked, { status: 200, statusText: 'OK', headers: headers });
    });
  });
}

function navigate(event) {
  var request = event.request;
  var key = keyOf(request.url);
  var finish;
  event.waitUntil(new Promise(function (resolve) { finish = resolve; }));

  var fromNetwork = fetch(request).then(function (response) {
    if (storable(response) && isHtml(response)) {
      finish(savePage(key, response.clone()));
    } else {
      finish();
    }
    return response;
  }, function (error) {
    finish();
    throw error;
  });

  var timer;
  var late = new Promise(function (resolve, reject) {
    timer = setTimeout(function () { reject(new Error('network too slow')); }, NETWORK_PATIENCE_MS);
  });
  var answered = Promise.race([fromNetwork, late]).then(function (response) {
    clearTimeout(timer);
    if (unreachable(response)) {
      throw new Error('gateway ' + response.status);
    }
    return response;
  });

  return answered.catch(function () {
    clearTimeout(timer);
    return savedPage(key).then(function (saved) {
      // Nothing saved yet: the network's own answer or error, however long it takes.
      return saved || fromNetwork;
    }, function () {
      return fromNetwork;
    });
  });
}

function cacheFirst(event) {
  var request = event.request;
  var key = keyOf(request.url);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key, { ignoreVary: true }).then(function (hit) {
      if (hit) {
        return hit;
      }
      return fetch(request).then(function (response) {
        event.waitUntil(save(cache, key, response.clone()));
        return response;
      });
    });
  });
}

function staleWhileRevalidate(event) {
  var request = event.request;
  var key = keyOf(request.url);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key, { ignoreVary: true }).then(function (hit) {
      var refreshed = fetch(request).then(function (response) {
        return save(cache, key, response.clone()).then(function () {
          return response;
        });
      });
      event.waitUntil(refreshed.catch(ignore));
      return hit || refreshed;
    });
  });
}

// On installation, saves "/" and the files it starts, so that the very next load works
// without the network even though the first one ran before this worker. Best effort: a
// failure here only means the files are saved as they are used.
function precache() {
  return caches.open(CACHE).then(function (cache) {
    return fetch(ROOT, { cache: 'no-cache' }).then(function (response) {
      if (!storable(response) || !isHtml(response)) {
        return undefined;
      }
      return response.clone().text().then(function (html) {
        var files = referencedFiles(html).map(function (path) {
          var url = new URL(path, self.location.origin).href;
          return cache.match(url, { ignoreVary: true }).then(function (hit) {
            return hit || fetch(url).then(function (file) {
              return save(cache, url, file);
            });
          });
        });
        return Promise.all(files).then(function () {
          return save(cache, ROOT, response);
        }).then(function () {
          return prune(cache, ROOT, html);
        });
      });
    });
  }).catch(ignore);
}

self.addEventListener('install', function (event) {
  // A new worker takes over at once; the page is network first, so the next load of the
  // page brings the new build's file names with it.
  self.skipWaiting();
  event.waitUntil(precache());
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(CACHE_PREFIX) === 0 && name !== CACHE;
    }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () {
    return self.clients.claim();
  }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || request.headers.has('Range')) {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || isApi(url.pathname)) {
    return;
  }
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (isFingerprinted(url.pathname)) {
    event.respondWith(cacheFirst(event));
  } else if (isRevalidated(url.pathname)) {
    event.respondWith(staleWhileRevalidate(event));
  }
});
