// What the server's requests and checks are configured by: the user's settings and the API catalog
// (built in, or the cluster's once discovery reports it). One object, made by startServer and passed to
// whoever reads it; changed only through its setters, which bump the versions that cached findings
// are keyed by.
import { ApiCatalog, builtInCatalog } from "../core/catalog";
import { CheckSettings } from "../core/checks/context";
import { CheckInputs } from "../core/service/check-service";
import { WorkspaceModel } from "../core/service/workspace";
import { Settings } from "./settings";

export class ServerState {
  private currentSettings: Settings;
  private currentCatalog: ApiCatalog;
  /** The settings the checks see (one object per settings version: the checks cache by it). */
  private checkSettings: CheckSettings;
  private settingsVersion = 0;
  private catalogVersion = 0;

  constructor(settings: Settings = Settings.defaults, catalog: ApiCatalog = builtInCatalog()) {
    this.currentSettings = settings;
    this.checkSettings = { severity: settings.severity };
    this.currentCatalog = catalog;
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  get catalog(): ApiCatalog {
    return this.currentCatalog;
  }

  setSettings(settings: Settings): void {
    this.currentSettings = settings;
    this.checkSettings = { severity: settings.severity };
    this.settingsVersion++;
  }

  setCatalog(catalog: ApiCatalog): void {
    this.currentCatalog = catalog;
    this.catalogVersion++;
  }

  /** What the checks of a file depend on besides its text, with the workspace it is checked in. */
  checkInputs(workspace: WorkspaceModel): CheckInputs {
    return {
      catalog: this.currentCatalog,
      workspace,
      settings: this.checkSettings,
      version: `${this.settingsVersion}/${this.catalogVersion}`,
    };
  }
}
