// Build Weave's front-end assets from npm packages into app/static (run by `npm run build`).
//
//   app/static/build/weave.css       our SCSS, compiled with GOV.UK Frontend's Sass
//   app/static/govuk/                govuk-frontend.min.js and its assets (images, manifest; no fonts,
//                                    because Weave uses Arial rather than GDS Transport)
//   app/static/vendor/<package>/     Leaflet and its plugins, served by the app rather than a CDN
//
// Everything written here is git-ignored and rebuilt from package-lock.json, so the output is the same on
// every clean clone.

import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const staticDir = join(root, "app", "static");

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function copy(from, to, options = {}) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    throw new Error(`${from} is missing: run "npm ci" first`);
  }
  cpSync(source, to, { recursive: true, ...options });
}

function buildStyles() {
  const out = fresh(join(staticDir, "build"));
  const entry = join(staticDir, "src", "weave.scss");
  const result = sass.compile(entry, {
    importers: [new sass.NodePackageImporter(root)],
    style: "compressed",
    sourceMap: true,
    // Deprecation notices from inside govuk-frontend are theirs to fix, not ours.
    quietDeps: true,
  });
  result.sourceMap.sources = result.sourceMap.sources.map((source) =>
    source.startsWith("file:") ? relative(out, fileURLToPath(source)) : source,
  );
  writeFileSync(join(out, "weave.css"), `${result.css}\n/*# sourceMappingURL=weave.css.map */\n`);
  writeFileSync(join(out, "weave.css.map"), JSON.stringify(result.sourceMap));
  if (result.css.includes("GDS Transport")) {
    throw new Error("weave.css refers to the GDS Transport font, which only GOV.UK services may use");
  }
}

function copyGovukFrontend() {
  const out = fresh(join(staticDir, "govuk"));
  const dist = "govuk-frontend/dist/govuk";
  for (const file of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
    copy(`${dist}/${file}`, join(out, file));
  }
  copy(`${dist}/assets`, join(out, "assets"), {
    filter: (source) => !source.split(/[\\/]/).includes("fonts"),
  });
}

function copyVendor() {
  const out = fresh(join(staticDir, "vendor"));
  const packages = {
    leaflet: ["dist/leaflet.js", "dist/leaflet.js.map", "dist/leaflet.css", "dist/images", "LICENSE"],
    "leaflet.markercluster": [
      "dist/leaflet.markercluster.js",
      "dist/leaflet.markercluster.js.map",
      "dist/MarkerCluster.css",
      "dist/MarkerCluster.Default.css",
      "MIT-LICENCE.txt",
    ],
    // leaflet-draw ships no licence file; it is MIT licensed (see its package.json).
    "leaflet-draw": ["dist/leaflet.draw.js", "dist/leaflet.draw.css", "dist/images"],
  };
  for (const [name, files] of Object.entries(packages)) {
    for (const file of files) {
      copy(`${name}/${file}`, join(out, name, file.replace(/^dist\//, "")));
    }
  }
}

buildStyles();
copyGovukFrontend();
copyVendor();
console.log("Built app/static/build, app/static/govuk and app/static/vendor");
