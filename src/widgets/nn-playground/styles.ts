// The playground's CSS, inlined with its static HTML so the first frame is styled before
// (and without) JavaScript. Colours come from the site's custom properties (with fallbacks),
// so light and dark follow the site; the two class colours are mid-tones readable on both.
import { HEAT_STRENGTH } from './grid.ts';

export const CSS = `
.nnp{--nnp-c0:light-dark(#e0782f,#f29a5c);--nnp-c1:light-dark(#2f7fd0,#5aa5ef);--nnp-fg:var(--fg,CanvasText);--nnp-bg:var(--bg,Canvas);
--nnp-muted:var(--muted,color-mix(in srgb,var(--nnp-fg) 62%,var(--nnp-bg)));
--nnp-border:var(--border,color-mix(in srgb,var(--nnp-fg) 20%,var(--nnp-bg)));
--nnp-accent:var(--accent,#3451c7);--nnp-warn:var(--negative,#c2372f);
display:grid;gap:.6rem;container-type:inline-size;font:0.875rem/1.4 var(--font-ui,system-ui,sans-serif);color:var(--nnp-fg);min-width:0}
.nnp *{box-sizing:border-box}
.nnp-main{display:grid;grid-template-columns:minmax(0,1fr);gap:.6rem}
@container (min-width:520px){.nnp-main{grid-template-columns:minmax(0,3fr) minmax(10rem,2fr)}}
.nnp-plot{position:relative;aspect-ratio:1;width:100%;max-width:26rem;border:1px solid var(--nnp-border);border-radius:var(--radius,6px);overflow:hidden;background:var(--nnp-bg);touch-action:manipulation}
.nnp-picture{position:absolute;inset:0}
.nnp-heat{position:absolute;inset:0;width:100%;height:100%;image-rendering:auto}
.nnp-heat-static{background:var(--nnp-c0);opacity:${HEAT_STRENGTH}}.nnp-heat-static>div{position:absolute;inset:0;background:var(--nnp-c1);mask-size:100% 100%;mask-repeat:no-repeat}
.nnp-points{position:absolute;inset:0;width:100%;height:100%}
.nnp-points .c0{fill:var(--nnp-c0)}.nnp-points .c1{fill:var(--nnp-c1)}
.nnp-points circle{stroke:var(--nnp-bg);stroke-width:.04}
.nnp-points .test{fill:var(--nnp-bg);stroke-width:.06}.nnp-points .test.c0{stroke:var(--nnp-c0)}.nnp-points .test.c1{stroke:var(--nnp-c1)}
.nnp-axis{stroke:var(--nnp-fg);stroke-opacity:.18;stroke-width:.03;fill:none}
.nnp-overlay{position:absolute;inset:auto .5rem .5rem;margin:0;padding:.6rem .7rem;border-radius:6px;background:var(--nnp-bg);border:2px solid var(--nnp-warn);display:grid;gap:.4rem;font-size:.8rem}
.nnp-overlay[hidden]{display:none}
.nnp-probe{position:absolute;top:.35rem;left:.35rem;margin:0;padding:.1rem .4rem;border-radius:4px;background:color-mix(in srgb,var(--nnp-bg) 85%,transparent);font-size:.75rem;font-variant-numeric:tabular-nums;pointer-events:none}
.nnp-probe[hidden]{display:none}
.nnp-speed{display:flex;align-items:center;gap:.4rem;font-size:.8rem;color:var(--nnp-muted)}.nnp .nnp-speed select{width:auto;min-height:2.25rem}
.nnp-overlay p{margin:0}
.nnp-side{display:grid;gap:.6rem;align-content:start}
.nnp-transport{display:flex;flex-wrap:wrap;gap:.4rem}
.nnp button,.nnp select,.nnp input{font:inherit;color:inherit}
.nnp button{min-height:2.75rem;min-width:2.75rem;padding:.3rem .8rem;border:1px solid var(--nnp-border);border-radius:6px;background:color-mix(in srgb,var(--nnp-fg) 6%,var(--nnp-bg));cursor:pointer}
.nnp button.nnp-primary{background:var(--nnp-accent);border-color:var(--nnp-accent);color:var(--accent-contrast,#fff);font-weight:600;min-width:6.5rem}
.nnp button:disabled,.nnp select:disabled,.nnp input:disabled{opacity:.55;cursor:not-allowed}
.nnp :focus-visible{outline:3px solid var(--nnp-accent);outline-offset:2px}
.nnp-stats{display:grid;grid-template-columns:auto 1fr;gap:.1rem .8rem;margin:0;font-variant-numeric:tabular-nums}
.nnp-stats dt{color:var(--nnp-muted)}.nnp-stats dd{margin:0;font-weight:600}
.nnp-notice{margin:0;padding:.4rem .6rem;border-left:3px solid var(--nnp-accent);background:color-mix(in srgb,var(--nnp-accent) 10%,transparent);font-size:.8rem}
.nnp-notice[hidden]{display:none}
.nnp-tabs{display:flex;flex-wrap:wrap;gap:.1rem;border-bottom:1px solid var(--nnp-border)}
.nnp .nnp-tabs button{min-height:2.5rem;min-width:0;border:none;border-bottom:3px solid transparent;border-radius:4px 4px 0 0;background:none;padding:.2rem .5rem;color:var(--nnp-muted)}
@container (max-width:340px){.nnp .nnp-tabs button{padding:.2rem .3rem;font-size:.8rem}}
.nnp .nnp-tabs button[aria-selected=true]{color:var(--nnp-fg);border-bottom-color:var(--nnp-accent);font-weight:600}
.nnp-panel{min-height:9rem;min-width:0}.nnp-panel[hidden]{display:none}
.nnp-chart-box{position:relative}.nnp-chart{width:100%;height:9rem;display:block}
.nnp-chart-note{position:absolute;inset:0;display:grid;place-items:center;margin:0;color:var(--nnp-muted);font-size:.8rem;text-align:center}
.nnp-chart-note[hidden]{display:none}
.nnp-legend{display:flex;gap:1rem;margin:.2rem 0 0;font-size:.8rem;color:var(--nnp-muted)}
.nnp-legend span::before{content:"";display:inline-block;width:1.2rem;height:0;border-top:2px solid var(--nnp-accent);vertical-align:middle;margin-right:.3rem}
.nnp-legend .test::before{border-top:2px dashed var(--nnp-c0)}
.nnp-mat-title{margin:.3rem 0 .2rem;font-weight:600;font-size:.8rem}
.nnp-mat{display:grid;gap:2px;align-items:center;margin-bottom:.4rem}
.nnp-mat-label{font-size:.72rem;color:var(--nnp-muted);padding-right:.4rem;white-space:nowrap}
.nnp-cell{aspect-ratio:1;width:100%;border-radius:2px;background:var(--nnp-border)}
.nnp-cell:focus-visible{outline-offset:0;position:relative;z-index:1}
.nnp-readout{margin:.4rem 0 0;min-height:1.4em;font-variant-numeric:tabular-nums;font-size:.8rem;white-space:pre-wrap}
.nnp-table{border-collapse:collapse;width:100%;font-size:.8rem;font-variant-numeric:tabular-nums}
.nnp-table th,.nnp-table td{text-align:left;padding:.2rem .35rem;border-bottom:1px solid var(--nnp-border);vertical-align:middle}
.nnp-table th{color:var(--nnp-muted);font-weight:500}
.nnp-table code{font-size:.75rem;background:none;border:0;padding:0;white-space:normal}
.nnp-table td:first-child code,.nnp-table td[data-shape]{white-space:nowrap}
.nnp-table .back td:first-child code{color:var(--nnp-accent)}
.nnp-thumb{width:2.4rem;height:1.6rem;image-rendering:pixelated;border:1px solid var(--nnp-border);display:block}
.nnp-scroll{overflow-x:auto}
.nnp-ok{color:var(--positive,#1f7a4d);font-weight:600}.nnp-bad{color:var(--nnp-warn);font-weight:600}.nnp-meh{color:var(--warning,#a35f00);font-weight:600}
.nnp-settings{display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.5rem .8rem;margin:0;padding:.6rem 0 0;border:0;border-top:1px solid var(--nnp-border);min-width:0}
.nnp-settings label,.nnp-field{display:grid;gap:.15rem;font-size:.8rem;color:var(--nnp-muted);margin-bottom:.4rem}
.nnp-settings output{color:var(--nnp-fg);font-weight:600;font-variant-numeric:tabular-nums}
.nnp select,.nnp input[type=number]{min-height:2.5rem;padding:.2rem .4rem;border:1px solid var(--nnp-border);border-radius:6px;background:var(--nnp-bg);width:100%;color:var(--nnp-fg)}
.nnp input[type=range]{width:100%;min-height:1.8rem;margin:0;accent-color:var(--nnp-accent)}
.nnp-seed{display:flex;gap:.3rem}.nnp-seed input{flex:1;min-width:0}.nnp .nnp-seed button{min-height:2.5rem;padding:.2rem .5rem}
.nnp-caption{margin:0;color:var(--nnp-muted);font-size:.8rem}
.nnp-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (scripting:none){.nnp-tabs,.nnp-panel:not([data-panel=pass]),[data-panel=pass] :is(th,td):last-child,[data-panel=pass] .nnp-readout{display:none}.nnp-panel[data-panel=pass]{display:block}}
@media (prefers-reduced-motion:reduce){.nnp *{transition:none!important;animation:none!important}}
`;
