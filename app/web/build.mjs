// Bundle src/ into static/widget.js (committed). `node build.mjs --check` fails when the committed file is stale.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const out = here("./static/widget.js");
const result = await build({
  entryPoints: [here("./src/index.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome109", "firefox115", "safari16.4"],
  loader: { ".css": "text" },
  legalComments: "none",
  banner: { js: "/* ML Lens Assistant widget — built from app/web/src by app/web/build.mjs; do not edit. */" },
  write: false,
});
const built = result.outputFiles[0].text;
if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(out, "utf8");
  } catch {
    /* missing */
  }
  if (committed !== built) {
    console.error("app/web/static/widget.js is stale: run `npm --prefix app/web run build` and commit it");
    process.exit(1);
  }
  console.log(`widget.js is up to date (${built.length} bytes)`);
} else {
  writeFileSync(out, built);
  console.log(`wrote static/widget.js (${built.length} bytes)`);
}
