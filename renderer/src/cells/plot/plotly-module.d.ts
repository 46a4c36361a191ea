// plotly.js-dist-min ships no types of its own; it is the same API as plotly.js.
declare module 'plotly.js-dist-min' {
  const Plotly: unknown;
  export default Plotly;
}
