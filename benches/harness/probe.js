// Timing probes shared by the widget host page and the vanilla reference page (`cargo xtask bench`).
// A classic script: it defines window.__probe before anything else runs. It measures only what a
// host page can see: DOM mutations, frames and paints, in page time (performance.now(), whose zero
// is the navigation's start).
(function () {
  'use strict';

  // After the next paint: a frame callback runs before the frame's style, layout and paint; a task
  // posted from it runs after them. (The js-framework-benchmark reads paint events from a trace
  // instead; this is the in-page approximation, a few tenths of a millisecond late.)
  function afterPaint() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { resolve(performance.now()); };
        channel.port2.postMessage(0);
      });
    });
  }

  // Resolves when `ready()` is true, checked once a frame, with the time after the paint of the
  // frame in which it was first true (so: when what it looks for was first on screen).
  function paintedWhen(ready, timeoutMs) {
    var deadline = performance.now() + (timeoutMs || 120000);
    return new Promise(function (resolve) {
      (function check() {
        requestAnimationFrame(function () {
          var ok = false;
          try { ok = !!ready(); } catch (e) { ok = false; }
          if (ok) {
            var channel = new MessageChannel();
            channel.port1.onmessage = function () { resolve(performance.now()); };
            channel.port2.postMessage(0);
          } else if (performance.now() > deadline) {
            resolve(null);
          } else {
            check();
          }
        });
      })();
    });
  }

  // Runs `action` and watches `root` (a shadow root or an element) until its DOM has been quiet for
  // `quietMs`: returns when the first and the last mutation happened and when the paint after the
  // last one was done, all relative to the moment just before `action` ran. A view that renders in
  // several steps (chunks, a deferred second pass) is therefore timed to its last step.
  function measure(root, action, options) {
    var quietMs = (options && options.quietMs) || 400;
    var timeoutMs = (options && options.timeoutMs) || 120000;
    return new Promise(function (resolve, reject) {
      var batches = 0;
      var first = null;
      var last = null;
      var paintedBatch = 0;
      var paint = null;
      var observer = new MutationObserver(function () {
        var now = performance.now();
        batches += 1;
        var batch = batches;
        if (first === null) first = now;
        last = now;
        afterPaint().then(function (t) {
          if (batch >= paintedBatch) {
            paintedBatch = batch;
            paint = t;
          }
        });
      });
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      var start = performance.now();
      try {
        action();
      } catch (e) {
        observer.disconnect();
        reject(e);
        return;
      }
      (function poll() {
        setTimeout(function () {
          var now = performance.now();
          var settled = last !== null && now - last >= quietMs && paintedBatch === batches;
          var nothing = last === null && now - start >= Math.max(quietMs, 2000);
          if (settled || nothing || now - start > timeoutMs) {
            observer.disconnect();
            resolve({
              firstMutationMs: first === null ? null : first - start,
              lastMutationMs: last === null ? null : last - start,
              paintMs: paint === null ? null : paint - start,
              batches: batches,
              timedOut: !settled && !nothing,
            });
          } else {
            poll();
          }
        }, 50);
      })();
    });
  }

  // Waits until `root` has had no mutation for `quietMs` (e.g. after a load, before timing).
  function quiet(root, quietMs, timeoutMs) {
    return measure(root, function () {}, { quietMs: quietMs || 500, timeoutMs: timeoutMs || 120000 });
  }

  // Every node under `root` (elements, text, comments; not `root` itself), elements, articles.
  function domStats(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    var nodes = 0;
    var elements = 0;
    while (walker.nextNode()) {
      nodes += 1;
      if (walker.currentNode.nodeType === 1) elements += 1;
    }
    return { nodes: nodes, elements: elements, articles: root.querySelectorAll('article').length };
  }

  // The element that scrolls the list: the tallest scrollable box under `root` (a virtualised list
  // usually has its own), else the page.
  function scroller(root) {
    var best = null;
    var all = root.querySelectorAll('*');
    for (var i = 0; i < all.length; i += 1) {
      var el = all[i];
      if (el.scrollHeight <= el.clientHeight + 1) continue;
      var overflow = getComputedStyle(el).overflowY;
      if (overflow !== 'auto' && overflow !== 'scroll') continue;
      if (!best || el.scrollHeight > best.scrollHeight) best = el;
    }
    return best || document.scrollingElement;
  }

  // Scrolls step by step, one step a frame, for `frames` frames, and returns the frame times (the
  // deltas between consecutive frame callbacks) and what was scrolled.
  function scrollFrames(root, frames, step) {
    var target = scroller(root);
    var name = target === document.scrollingElement ? 'page' : (target.className || target.tagName).toString();
    target.scrollTop = 0;
    return new Promise(function (resolve) {
      var deltas = [];
      var previous = null;
      var left = frames;
      var startTop = target.scrollTop;
      function frame(t) {
        if (previous !== null) deltas.push(t - previous);
        previous = t;
        if (left <= 0) {
          resolve({ deltas: deltas, scroller: name, scrolledPx: target.scrollTop - startTop,
            scrollHeight: target.scrollHeight });
          return;
        }
        left -= 1;
        target.scrollTop += step;
        requestAnimationFrame(frame);
      }
      // Settle one frame first, so the first delta is not the scroll-to-top's.
      requestAnimationFrame(function () { requestAnimationFrame(frame); });
    });
  }

  window.__probe = {
    afterPaint: afterPaint,
    paintedWhen: paintedWhen,
    measure: measure,
    quiet: quiet,
    domStats: domStats,
    scroller: scroller,
    scrollFrames: scrollFrames,
  };
})();
