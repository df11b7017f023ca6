// WCAG 2 contrast of the text pmdocs puts on a page, from computed colours.
//
// Called by Playwright as a function of no argument; returns one entry per text
// run: HTML text inside pmdocs' own elements (text colour against the effective
// background, found by walking up the ancestors and compositing translucent
// layers), the timeline's SVG text (fill against the bar it sits in, or against
// the chart background) and the timeline's bars and markers (their outline or
// fill against the chart background: graphics need 3:1).
() => {
  function parse(value) {
    // Chromium gives computed colours as rgb()/rgba(), or color(srgb ...) for color-mix().
    let match = /^rgba?\(([^)]*)\)$/.exec(value);
    if (match) {
      const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    }
    match = /^color\(srgb ([^)]*)\)$/.exec(value);
    if (match) {
      const parts = match[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return [parts[0] * 255, parts[1] * 255, parts[2] * 255, parts.length > 3 ? parts[3] : 1];
    }
    if (value === "transparent" || value === "none") return [0, 0, 0, 0];
    throw new Error("unexpected computed colour: " + value);
  }

  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }

  function luminance(colour) {
    const [r, g, b] = colour.slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function ratio(a, b) {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  }

  function hex(colour) {
    return "#" + colour.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  }

  // The colour behind an element: its own and its ancestors' backgrounds, composited.
  function background(element) {
    const layers = [];
    for (let node = element; node instanceof Element; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  }

  function opacity(element) {
    let value = 1;
    for (let node = element; node instanceof Element; node = node.parentElement) {
      value *= Number(getComputedStyle(node).opacity);
    }
    return value;
  }

  function visible(element) {
    const style = getComputedStyle(element);
    return element.getClientRects().length > 0 && style.visibility !== "hidden";
  }

  function ownText(element) {
    return Array.from(element.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent)
      .join("")
      .replace(/\s+/g, " ")
      .trim();
  }

  function describe(element) {
    const classes = (element.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean);
    const id = element.closest("[data-id]");
    return (
      element.tagName.toLowerCase() +
      (classes.length ? "." + classes.join(".") : "") +
      (id ? ' in [data-id="' + id.getAttribute("data-id") + '"]' : "")
    );
  }

  function large(style) {
    const size = parseFloat(style.fontSize);
    const weight = Number(style.fontWeight) || 400;
    return size >= 24 || (size >= 18.66 && weight >= 700);
  }

  function entry(kind, element, text, fg, bg, needed) {
    return {
      kind: kind,
      element: describe(element),
      text: text.slice(0, 60),
      fg: hex(fg),
      bg: hex(bg),
      ratio: Math.round(ratio(fg, bg) * 100) / 100,
      needed: needed,
    };
  }

  const results = [];
  const html = document.querySelectorAll(
    '.md-content [class*="pmdocs-"], .md-content [class*="pmdocs-"] *'
  );
  for (const element of html) {
    if (element.closest("svg") || !visible(element)) continue;
    const text = ownText(element);
    if (!text) continue;
    const style = getComputedStyle(element);
    const bg = background(element);
    const fg = parse(style.color);
    fg[3] *= opacity(element);
    const kind = element.closest(".pmdocs-badge") ? "badge" : "text";
    results.push(entry(kind, element, text, over(fg, bg), bg, large(style) ? 3 : 4.5));
  }

  for (const chart of document.querySelectorAll("svg.pmdocs-tl")) {
    const chartBg = background(chart);
    for (const text of chart.querySelectorAll("text")) {
      if (!visible(text)) continue;
      const style = getComputedStyle(text);
      let bg = chartBg;
      const bar = text.closest("a") && text.closest("a").querySelector(".pmdocs-tl__bar");
      if (bar && text.classList.contains("pmdocs-tl__label--inside")) {
        const fill = parse(getComputedStyle(bar).fill);
        fill[3] *= Number(getComputedStyle(bar).fillOpacity);
        bg = over(fill, chartBg);
      }
      const fg = parse(style.fill);
      fg[3] *= Number(style.fillOpacity);
      results.push(entry("svg-text", text, ownText(text), over(fg, bg), bg, large(style) ? 3 : 4.5));
    }
    for (const shape of chart.querySelectorAll(".pmdocs-tl__bar, .pmdocs-tl__marker")) {
      const style = getComputedStyle(shape);
      // A bar is seen by its outline (proposed bars are only outlined); a marker by its fill.
      const paint = parse(shape.classList.contains("pmdocs-tl__bar") ? style.stroke : style.fill);
      results.push(entry("svg-shape", shape, "", over(paint, chartBg), chartBg, 3));
    }
  }
  return results;
};
