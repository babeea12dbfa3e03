// Builds Waymark's CSS from GOV.UK Frontend's Sass and copies its JavaScript and images, and
// Leaflet's script, stylesheet and marker images.
// Runs from `make assets`; writes only to static/build/.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, "static", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "main.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "images"), { recursive: true });
// Leaflet for the maps over the result list and on service pages (loaded only there).
const leaflet = join(root, "node_modules", "leaflet", "dist");
mkdirSync(join(out, "leaflet"), { recursive: true });
// The source map too: leaflet.js names it, and the hashed static storage follows that reference.
for (const file of ["leaflet.js", "leaflet.js.map", "leaflet.css"]) {
  cpSync(join(leaflet, file), join(out, "leaflet", file));
}
cpSync(join(leaflet, "images"), join(out, "leaflet", "images"), { recursive: true });
console.log(`built static/build/main.css (${result.css.length} bytes)`);
