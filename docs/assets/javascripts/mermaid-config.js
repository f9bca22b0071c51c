// Loaded right after the vendored mermaid.min.js, before Material renders any
// diagram. Material calls mermaid.initialize() once with its own theme CSS; this
// wrapper adds two things to that call:
//
// - Diagrams keep their natural size (useMaxWidth: false) instead of shrinking
//   to the column: on a phone a wide diagram scrolls sideways (see extra.css)
//   rather than shrinking its labels to a few pixels.
// - Diagrams are drawn compact (less space between nodes, narrow actor boxes
//   and margins, no second row of actors at the bottom), so that a two-lane
//   sequence or a two-column flowchart fits a phone at full size.
// - Sequence-diagram arrowheads follow the theme's line colour. Material styles
//   them by the id "arrowhead", but Mermaid 11 prefixes marker ids with the
//   diagram's id ("__mermaid_0-arrowhead"), so in dark mode they stayed dark.
(function () {
  var markers = ["arrowhead", "filled-head", "crosshead"]
    .map(function (name) { return 'marker[id$="-' + name + '"] path'; })
    .join(",");
  var themeCSS =
    markers +
    "{fill:var(--md-mermaid-sequence-message-line-color)!important;" +
    "stroke:var(--md-mermaid-sequence-message-line-color)!important}";
  var initialize = mermaid.initialize.bind(mermaid);
  mermaid.initialize = function (config) {
    config = config || {};
    return initialize(
      Object.assign({}, config, {
        themeCSS: (config.themeCSS || "") + themeCSS,
        flowchart: Object.assign({}, config.flowchart, {
          useMaxWidth: false,
          nodeSpacing: 24,
          rankSpacing: 40,
          diagramPadding: 4,
        }),
        sequence: Object.assign({}, config.sequence, {
          useMaxWidth: false,
          diagramMarginX: 10,
          width: 100,
          actorMargin: 30,
          mirrorActors: false,
        }),
      })
    );
  };
})();
