// What plotly.js needs of culori (colour parsing, formatting and contrast) for CSS colours in
// sRGB: hex, rgb(), hsl() and named colours. plotly.js asks for the whole of culori, every colour
// space included (a fifth of the bundle); the Makefile points its `culori` here instead.
// (By relative path: esbuild's alias would send "culori/fn" back to this file.)
import {
  converter, formatHex, formatRgb, modeHsl, modeLrgb, modeRgb, useMode, wcagContrast, wcagLuminance
} from "../../node_modules/culori/src/index-fn.js";

useMode(modeRgb);
useMode(modeHsl);
useMode(modeLrgb); // the contrast and luminance functions work in linear RGB

export { converter, formatHex, formatRgb, wcagContrast, wcagLuminance };
