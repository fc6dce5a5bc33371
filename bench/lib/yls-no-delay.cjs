// Starts yaml-language-server with its fixed 200 ms validation delay set to 0, so that both language
// servers are timed from the edit to the published diagnostics with no debounce (ours runs with
// `diagnostics.debounceMs: 0`). Everything else is the package's own server.
const settings = require("yaml-language-server/out/server/src/yamlSettings.js");
const Original = settings.SettingsState;
settings.SettingsState = class extends Original {
  constructor(...args) {
    super(...args);
    this.validationDelayMs = 0;
  }
};
require("yaml-language-server/out/server/src/server.js");
