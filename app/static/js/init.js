// Starts every GOV.UK Frontend component on the page (menus, error summaries, notification banners).
// Loaded as an ES module, so browsers too old for GOV.UK Frontend's JavaScript skip it and keep the
// plain HTML behaviour.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
