/// The stylesheet and the script every exported page shares, written for this project: no
/// framework, nothing fetched, so the pages work opened straight from disk.
public enum CourseAssets {
  public static let css = """
    body { font: 16px/1.5 Georgia, "DejaVu Serif", serif; color: #222; margin: 0 auto; padding: 0 1.5em 3em; max-width: 1500px; }
    h1 { font-family: Helvetica, Arial, sans-serif; font-size: 1.6em; margin: 0.6em 0 0.3em; }
    h2 { font-family: Helvetica, Arial, sans-serif; font-size: 1em; margin: 0.4em 0; color: #444; }
    h3 { font-family: Helvetica, Arial, sans-serif; font-size: 0.95em; margin: 0 0 0.3em; }
    nav { font-family: Helvetica, Arial, sans-serif; font-size: 0.9em; padding: 0.6em 0; display: flex; gap: 1.5em; flex-wrap: wrap; }
    a { color: #1f5fa8; }
    code { font: 0.9em "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f2f2f2; padding: 0 0.2em; }
    .how { color: #555; font-size: 0.9em; margin-top: 0; }
    .layout { display: grid; grid-template-columns: minmax(0, 50fr) minmax(0, 50fr); gap: 1.5em; align-items: start; }
    main p { margin: 0.5em 0; }
    .narration { margin: 1em 0 0.4em; }
    pre { font: 11.5px/1.35 "DejaVu Sans Mono", Menlo, Consolas, monospace; margin: 0; padding: 0.35em 0.6em; white-space: pre; overflow-x: auto; }
    pre.echo { background: #263238; color: #e6eef2; border-radius: 4px 4px 0 0; }
    pre.output { background: #f6f8fa; border: 1px solid #e1e4e8; border-top: none; border-radius: 0 0 4px 4px; }
    pre.output.has-error { background: #fff4f4; }
    .step { margin: 0.5em 0; border-left: 4px solid transparent; padding-left: 6px; scroll-margin-top: 30vh; }
    .js .step.current { border-left-color: #e6550d; }
    .js .step.current pre.echo { background: #bf360c; }
    .js .step.later { opacity: 0.4; }
    .goal pre.echo { background: #1b5e20; }
    .checks { background: #eef6ee; border: 1px solid #b7d7b7; border-radius: 4px; padding: 0.5em 0.8em; margin: 0.8em 0; }
    details { background: #fffbe6; border: 1px solid #e8d98c; border-radius: 4px; padding: 0.3em 0.8em; margin: 0.6em 0; }
    details summary { cursor: pointer; font-family: Helvetica, Arial, sans-serif; font-weight: bold; }
    aside { position: sticky; top: 0; max-height: 100vh; overflow: auto; padding: 0.5em 0; }
    .controls { position: sticky; top: 0; background: white; padding: 0.4em 0; z-index: 1; font-family: Helvetica, Arial, sans-serif; }
    .controls button { font-size: 1em; padding: 0.3em 0.9em; cursor: pointer; }
    #where { display: inline-block; min-width: 8em; text-align: center; }
    figure { margin: 0 0 0.8em; }
    figure svg { width: 100%; height: auto; border: 1px solid #ddd; }
    .js .snap { display: none; }
    .js .snap.shown { display: block; }
    html:not(.js) .snap:not(.final) { display: none; }
    html:not(.js) .controls, html:not(.js) .quiet { display: none; }
    .js .quiet { display: none; color: #777; font-style: italic; }
    .js .quiet.shown { display: block; }
    .story { margin-top: 2em; }
    .story svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
    .panel.timeline figure { overflow-x: auto; }
    .panel.timeline figure svg { width: auto; max-width: none; }
    ol.lessons li { margin: 0.3em 0; }
    ol.lessons li.exercise a::before { content: "Exercise \\2014  "; color: #1b5e20; font-weight: bold; }
    .steps { color: #888; font-size: 0.85em; }
    @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } aside { position: static; max-height: none; } }

    """

  /// Steps through a lesson page: `#step=N` in the address opens step N (0 is before the first
  /// command); Forward, Back and the arrow keys move; the pictures shown are those of the step.
  public static let js = """
    (function () {
      "use strict";
      var root = document.documentElement;
      var body = document.body;
      if (!body.classList.contains("lesson")) { return; }
      root.classList.add("js");
      var total = parseInt(body.getAttribute("data-steps"), 10) || 0;
      var steps = Array.prototype.slice.call(document.querySelectorAll(".step"));
      var snaps = Array.prototype.slice.call(document.querySelectorAll(".snap"));
      var where = document.getElementById("where");
      var current = 0;

      function stepFromHash() {
        var m = /step=(\\d+)/.exec(window.location.hash);
        return m ? Math.min(total, parseInt(m[1], 10)) : 0;
      }

      // `?still=1` never scrolls (headless screenshots draw a scrolled page badly).
      var still = /[?&]still=1/.test(window.location.search);

      function show(n, scroll) {
        current = Math.max(0, Math.min(total, n));
        scroll = scroll && !still;
        steps.forEach(function (s) {
          var k = parseInt(s.getAttribute("data-step"), 10);
          s.classList.toggle("current", k === current);
          s.classList.toggle("later", k > current);
          if (k === current && k > 0) {
            var d = s.closest("details");
            if (d) { d.open = true; }
            if (scroll) { s.scrollIntoView({ block: "center" }); }
          }
        });
        document.querySelectorAll(".panel").forEach(function (panel) {
          var any = false;
          panel.querySelectorAll(".snap").forEach(function (f) {
            var on = (" " + f.getAttribute("data-steps") + " ").indexOf(" " + current + " ") >= 0;
            f.classList.toggle("shown", on);
            any = any || on;
          });
          var quiet = panel.querySelector(".quiet");
          if (quiet) { quiet.classList.toggle("shown", !any); }
        });
        // Bring the shaded rows of this step into the picture panel's view.
        var aside = document.getElementById("pictures");
        var shaded = aside.querySelector(".snap.shown .this-step");
        if (scroll && shaded) {
          var top = shaded.getBoundingClientRect().top - aside.getBoundingClientRect().top;
          if (top > aside.clientHeight * 0.6) { aside.scrollTop += top - aside.clientHeight * 0.4; }
        }
        where.textContent = current === 0 ? "before step 1 of " + total : "step " + current + " of " + total;
        document.getElementById("back").disabled = current === 0;
        document.getElementById("forward").disabled = current === total;
        var hash = "#step=" + current;
        if (window.location.hash !== hash) { window.location.hash = hash; }
      }

      document.getElementById("back").addEventListener("click", function () { show(current - 1, true); });
      document.getElementById("forward").addEventListener("click", function () { show(current + 1, true); });
      document.addEventListener("keydown", function (e) {
        if (e.target && /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) { return; }
        if (e.key === "ArrowRight") { show(current + 1, true); e.preventDefault(); }
        if (e.key === "ArrowLeft") { show(current - 1, true); e.preventDefault(); }
      });
      window.addEventListener("hashchange", function () {
        var n = stepFromHash();
        if (n !== current) { show(n, true); }
      });
      steps.forEach(function (s) {
        s.addEventListener("click", function () { show(parseInt(s.getAttribute("data-step"), 10), false); });
      });
      show(stepFromHash(), stepFromHash() > 0);

      // `?forward=N&back=M` presses Forward N times, then Back M times, as a person would: the
      // browser check drives the controls this way.
      var query = window.location.search;
      var times = function (name) {
        var m = new RegExp("[?&]" + name + "=(\\\\d+)").exec(query);
        return m ? parseInt(m[1], 10) : 0;
      };
      var i;
      for (i = 0; i < times("forward"); i++) { document.getElementById("forward").click(); }
      for (i = 0; i < times("back"); i++) { document.getElementById("back").click(); }
    })();

    """
}
