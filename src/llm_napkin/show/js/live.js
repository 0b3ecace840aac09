// The browser half of llm_napkin/show/live.py: draws a compiled LiveView with uPlot (which the
// Python side places before this file) and redraws it whenever one of its controls moves. The
// formulas arrive as JavaScript printed by SymPy from the model's own functions; the number
// formats below follow show/fmt.py digit for digit, so the page and the notebook read the same.

// -- Number formats (show/fmt.py) ---------------------------------------------------------------

const PREFIXES = [[1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"], [1, ""],
                  [1e-3, "m"], [1e-6, "µ"], [1e-9, "n"]];

function pyRound(value, decimals) {
  // Python's round(value, decimals): ties go to the even neighbour of the decimal string.
  const scaled = value * 10 ** decimals;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const whole = diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return decimals >= 0 ? whole / 10 ** decimals : whole * 10 ** -decimals;
}

function grouped(value, decimals) {
  // value with `decimals` digits after the point and commas between thousands: f"{v:,.{n}f}".
  const [whole, part] = Math.abs(value).toFixed(decimals).split(".");
  const sign = value < 0 && Number(value.toFixed(decimals)) !== 0 ? "-" : "";
  return sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (part ? "." + part : "");
}

function pyStr(value) {
  if (Number.isNaN(value)) return "nan";
  return value > 0 ? "inf" : "-inf";
}

function sig(value, digits = 3) {
  if (value === 0 || !Number.isFinite(value)) return Number.isFinite(value) ? "0" : pyStr(value);
  let decimals = digits - 1 - Math.floor(Math.log10(Math.abs(value)));
  const rounded = pyRound(value, decimals);
  if (Math.abs(rounded) >= 10 ** (digits - decimals)) decimals -= 1; // carried into the next power
  return grouped(rounded, Math.max(decimals, 0));
}

function trim(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

function si(value, unit, digits = 3) {
  if (value === 0 || !Number.isFinite(value)) return `${sig(value, digits)} ${unit}`;
  let [scale, prefix] = PREFIXES[PREFIXES.length - 1];
  for (const [s, p] of PREFIXES) {
    if (Math.abs(value) >= s * (1 - 0.5 * 10 ** -digits)) { [scale, prefix] = [s, p]; break; }
  }
  return `${trim(sig(value / scale, digits))} ${prefix}${unit}`;
}

function seconds(value, digits = 3) {
  for (const [size, unit] of [[86400, "days"], [3600, "h"], [60, "min"]]) {
    if (Math.abs(value) >= size) return `${trim(sig(value / size, digits))} ${unit}`;
  }
  return si(value, "s", digits);
}

function count(value, digits = 3) {
  for (const [scale, suffix] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]]) {
    if (Math.abs(value) >= scale) return trim(sig(value / scale, digits)) + suffix;
  }
  return sig(value, digits);
}

const SUPERSCRIPTS = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷",
  8: "⁸", 9: "⁹" };

function pyFixed(value, decimals) {
  // f"{value:.{decimals}f}" as Python writes it: from the exact binary value, ties to even
  // (toFixed breaks exact ties away from zero). Exact for |value| < 10 and decimals under 40.
  const exact = Math.abs(value).toFixed(decimals + 60).replace(/0+$/, "");
  const tie = exact.endsWith("5") && exact.split(".")[1].length === decimals + 1;
  if (!tie) return value.toFixed(decimals);
  const down = exact.slice(0, -1).replace(/\.$/, "");
  const even = Number(down.at(-1)) % 2 === 0;
  const magnitude = even ? down : Math.abs(value).toFixed(decimals);
  return (value < 0 ? "-" : "") + magnitude;
}

function sci(value, digits = 2) {
  // 3.8e25 -> "3.8 × 10²⁵", as fmt.sci writes it (a mantissa that rounds to 10 carries over).
  if (value === 0 || !Number.isFinite(value)) return sig(value, digits);
  let exponent = Math.floor(Math.log10(Math.abs(value)));
  let mantissa = value / 10 ** exponent;
  if (Number(pyFixed(mantissa, digits - 1)) >= 10) {
    [exponent, mantissa] = [exponent + 1, mantissa / 10];
  }
  const power = String(exponent).replace(/./g, (ch) => SUPERSCRIPTS[ch]);
  return `${trim(pyFixed(mantissa, digits - 1))} × 10${power}`;
}

const FORMATS = {
  sig: (v, a) => sig(v, Number(a || 3)),
  int: (v) => grouped(pyRound(v, 0), 0),
  si: (v, a) => si(v, a || ""),
  seconds: (v) => seconds(v),
  count: (v) => count(v),
  sci: (v, a) => sci(v, Number(a || 2)),
  dollars: (v) => `$${sig(v, 3)}`,
  percent: (v, a) => `${sig(100 * v, Number(a || 2))}%`,
  plural: (v, a) => (v === 1 ? "" : a || "s"),
};

const SLOT = /\{(\w+)(?::(\w+)(?: ([^}]*))?)?\}/g;

function fill(template, values) {
  return template.replace(SLOT, (_, name, kind, arg) => {
    if (!(name in values)) throw new Error(`template slot {${name}} names nothing the view defines`);
    const value = values[name];
    return typeof value === "string" || !kind ? String(value) : FORMATS[kind](Number(value), arg);
  });
}

// -- The model: controls, catalog tables, formulas -----------------------------------------------

function compile(spec) {
  const formulas = {};
  for (const [name, js] of Object.entries(spec.formulas)) {
    formulas[name] = new Function("c", "d", "x", `return (${js});`);
  }
  return formulas;
}

function isTrue(value) {
  return typeof value === "boolean" ? value : value > 0;
}

// Every value of the view, by name, for controls `c` (values by name); curves are arrays over
// the grid. Returns {error} when the catalog refuses the choices.
function evaluate(spec, formulas, c) {
  const d = {};
  for (const table of spec.tables) {
    const key = table.keys.map((k) => spec.controls[k].options.indexOf(c[k])).join(",");
    const row = table.rows[key];
    if (row.error) return { error: row.error };
    Object.assign(d, row);
  }
  const values = { x: spec.grid, ...c, ...d };
  for (const [name, f] of Object.entries(formulas)) {
    values[name] = spec.curves.includes(name)
      ? spec.grid.map((x) => Number(f(c, d, x)))
      : f(c, d, NaN);
  }
  return values;
}

function readout(spec, values) {
  return spec.readout.map((piece) => {
    if (typeof piece === "string") return fill(piece, values);
    return fill(isTrue(values[piece.condition]) ? piece.yes : piece.no, values);
  }).join("");
}

// -- Drawing --------------------------------------------------------------------------------------

const GRID = { stroke: "rgba(0, 0, 0, 0.09)", width: 1 };
const TICKS = { stroke: "rgba(0, 0, 0, 0.3)", width: 1, size: 4 };
const DASHES = { "-": [], "--": [6, 4], ":": [2, 3], "-.": [6, 3, 2, 3] };

function g(value) {
  // Python's f"{value:g}": six significant figures without trailing zeros, in exponent form
  // below 1e-4 and from 1e6 (1e-05, 2.5e+06).
  if (value === 0) return "0";
  const [mantissa, exponent] = value.toExponential(5).split("e");
  const power = Number(exponent);
  const strip = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
  if (power < -4 || power >= 6) {
    return `${strip(mantissa)}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
  }
  return strip(value.toFixed(5 - power));
}

function tick(value) {
  // Tick labels as show/plotstyle.py writes them: 1, 10, 1k, 1M, 10T, 0.01; below 0.0001,
  // powers of ten such as 10⁻⁶ or 2×10⁻⁶.
  if (value == null) return "";
  for (const [scale, suffix] of [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]]) {
    if (value >= scale) return `${g(value / scale)}${suffix}`;
  }
  if (value > 0 && value < 1e-4) {
    const exponent = Math.floor(Math.log10(value) + 1e-9);
    const mantissa = String(Number((value / 10 ** exponent).toPrecision(2)));
    const power = `10${[...String(exponent)].map((ch) => SUPERSCRIPTS[ch]).join("")}`;
    return mantissa === "1" ? power : `${mantissa}×${power}`;
  }
  return g(value);
}

// An axis wide enough for its longest tick label, at least `least` pixels.
const sizeFor = (least) => (u, values) => Math.max(
  least, 16 + 7 * Math.max(0, ...(values || []).map((v) => String(v ?? "").length)));

// Log axes: a label at each power of ten, and at 2 and 5 times it when the axis spans under
// two decades, so that every log axis carries at least two labels.
function logSplits(u, axis, min, max) {
  const decades = Math.log10(max / min);
  const steps = decades < 2 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil(decades / 6));
  const splits = [];
  for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) {
    if (p % every !== 0) continue;
    for (const m of steps) {
      const v = Number(`${m}e${p}`); // exact: 10 ** -4 is 9.999...e-5, which uPlot leaves unlabelled
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) splits.push(v);
    }
  }
  return splits;
}

// logSplits already leaves room between labels; uPlot's own filter would thin them again.
const LOG_TICKS = { splits: logSplits, filter: (u, splits) => splits };

function finite(value) {
  return typeof value === "number" && Number.isFinite(value);
}

// The panel's items with their numbers at `values`: curves and constant lines become uPlot
// series; points, vertical lines and spans are drawn over the plot by a hook.
function resolve(panel, values) {
  const series = [];
  const marks = [];
  for (const item of panel.items) {
    const label = item.label ? fill(item.label, values) : null;
    if (item.kind === "Line" && item.x === "x") {
      series.push({ item, label, data: values[item.y] });
    } else if (item.kind === "HLine") {
      const y = values[item.y];
      series.push({ item, label, data: values.x.map(() => (finite(y) ? y : null)) });
    } else {
      const numbers = {};
      for (const key of item.kind === "Line" ? ["x", "y"] : item.kind === "VLine" ? ["x"]
        : ["start", "end"]) numbers[key] = values[item[key]];
      if (Object.values(numbers).every(finite)) marks.push({ item, label, ...numbers });
    }
  }
  return { series, marks };
}

function drawMarks(u, marks) {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  for (const mark of marks) {
    const { item } = mark;
    ctx.strokeStyle = ctx.fillStyle = item.color;
    if (item.kind === "Span") {
      const x0 = u.valToPos(mark.start, "x", true);
      const x1 = u.valToPos(mark.end, "x", true);
      ctx.globalAlpha = 0.15;
      ctx.fillRect(Math.min(x0, x1), top, Math.abs(x1 - x0), height);
      ctx.globalAlpha = 1;
    } else if (item.kind === "VLine") {
      const x = u.valToPos(mark.x, "x", true);
      ctx.setLineDash((DASHES[item.style] || []).map((v) => v * devicePixelRatio));
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    } else {
      ctx.beginPath();
      ctx.arc(u.valToPos(mark.x, "x", true), u.valToPos(mark.y, "y", true),
        4.5 * devicePixelRatio, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.restore();
}

function swatch(item) {
  const dash = (DASHES[item.style] || []).join(" ");
  if (item.kind === "Span") {
    return `<svg width="26" height="10"><rect width="26" height="10" fill="${item.color}" opacity="0.15"/></svg>`;
  }
  if (item.kind === "Line" && item.style === "o") {
    return `<svg width="26" height="10"><circle cx="13" cy="5" r="4" fill="${item.color}"/></svg>`;
  }
  return `<svg width="26" height="10"><line x1="0" y1="5" x2="26" y2="5" stroke="${item.color}" stroke-width="2" stroke-dasharray="${dash}"/></svg>`;
}

function makePanel(spec, panel, index, parent) {
  const box = document.createElement("div");
  box.className = "llm-live-panel";
  const title = document.createElement("div");
  title.className = "llm-live-panel-title";
  const plot = document.createElement("div");
  const legend = document.createElement("ul");
  legend.className = "llm-live-legend";
  box.append(title, plot, legend);
  parent.append(box);
  const state = { marks: [], title, legend, box };
  const lineItems = panel.items.filter((i) => (i.kind === "Line" && i.x === "x") || i.kind === "HLine");
  const opts = {
    width: 320,
    height: 260,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: {
        time: false, distr: panel.xlog ? 3 : 1, log: 10,
        // a fixed x range, where the panel sets one (charts.Panel.xlim), as matplotlib draws it
        ...(panel.xlim.some((v) => v != null)
          ? { range: (u, min, max) => [panel.xlim[0] ?? min, panel.xlim[1] ?? max] } : {}),
      },
      y: {
        distr: panel.ylog ? 3 : 1, log: 10,
        range: (u, min, max) => {
          const [lo, hi] = panel.ylog ? uPlot.rangeLog(min, max, 10, true)
            : uPlot.rangeNum(min, max, 0.1, true);
          return [panel.ylim[0] ?? lo, panel.ylim[1] ?? hi];
        },
      },
    },
    axes: [
      { label: panel.xlabel, values: (u, splits) => splits.map(tick), labelSize: 20, size: 36,
        grid: GRID, ticks: TICKS, ...(panel.xlog ? LOG_TICKS : {}) },
      { label: panel.ylabel, values: (u, splits) => splits.map(tick), labelSize: 20,
        size: sizeFor(50),
        grid: GRID, ticks: TICKS, ...(panel.ylog ? LOG_TICKS : {}) },
    ],
    series: [{}, ...lineItems.map((item) => ({
      stroke: item.color, width: 2, dash: DASHES[item.style] || [], points: { show: false },
      spanGaps: false,
    }))],
    hooks: { draw: [(u) => drawMarks(u, state.marks)] },
  };
  state.plot = new uPlot(opts, [spec.grid, ...lineItems.map(() => spec.grid.map(() => null))], plot);
  return state;
}

function drawPanel(state, panel, values) {
  const { series, marks } = resolve(panel, values);
  state.marks = marks;
  state.title.textContent = fill(panel.title, values);
  const data = [values.x, ...series.map((s) => s.data.map((v) => (finite(v) ? v : null)))];
  state.plot.setData(data);
  const labelled = [...series, ...marks].filter((s) => s.label);
  state.legend.innerHTML = labelled.map((s) => `<li>${swatch(s.item)}<span></span></li>`).join("");
  labelled.forEach((s, i) => { state.legend.children[i].lastChild.textContent = s.label; });
}

// -- The widget -----------------------------------------------------------------------------------

async function render({ model, el, host }) {
  const spec = model.get("spec");
  const formulas = compile(spec);
  const controls = {};
  for (const [name, ref] of Object.entries(model.get("controls"))) {
    // ipywidgets writes a reference as IPY_MODEL_<id>; anywidget's host reads anywidget:<id>.
    controls[name] = await host.getModel(ref.replace(/^IPY_MODEL_/, "anywidget:"));
  }
  const root = document.createElement("div");
  root.className = "llm-live";
  const title = document.createElement("div");
  title.className = "llm-live-title";
  const row = document.createElement("div");
  row.className = "llm-live-panels";
  const text = document.createElement("div");
  text.className = "llm-live-readout";
  text.setAttribute("aria-live", "polite");
  root.append(title, row, text);
  el.append(root);
  const panels = spec.panels.map((panel, i) => makePanel(spec, panel, i, row));

  function current() {
    const c = {};
    for (const [name, control] of Object.entries(spec.controls)) {
      const m = controls[name];
      if (control.kind === "Choice") c[name] = control.options[m.get("index")];
      else c[name] = control.integer ? Math.round(m.get("value")) : m.get("value");
    }
    return c;
  }

  const handle = {
    spec, times: [], last: null,
    current,
    plots: () => panels.map((p) => p.plot.data),
    evaluate: (c) => evaluate(spec, formulas, c),
    readout: (c) => readout(spec, evaluate(spec, formulas, c)),
    fill, formats: FORMATS, tick, logSplits,
    update() {
      const start = performance.now();
      const values = evaluate(spec, formulas, current());
      if (values.error) {
        text.textContent = `Cannot show this: ${values.error}`;
        root.classList.add("llm-live-refused");
      } else {
        root.classList.remove("llm-live-refused");
        title.textContent = fill(spec.title, values);
        spec.panels.forEach((panel, i) => drawPanel(panels[i], panel, values));
        text.textContent = readout(spec, values);
        handle.last = values;
      }
      handle.times.push(performance.now() - start);
    },
  };
  const resize = () => {
    for (const p of panels) p.plot.setSize({ width: Math.max(p.box.clientWidth, 200), height: 260 });
  };
  for (const m of Object.values(controls)) m.on("change", () => handle.update());
  const observer = new ResizeObserver(resize);
  observer.observe(row);
  resize();
  handle.update();
  el.llmLive = handle;
  (window.llmNapkinLive ||= []).push(handle);
  return () => {
    observer.disconnect();
    panels.forEach((p) => p.plot.destroy());
  };
}

export default { render };
