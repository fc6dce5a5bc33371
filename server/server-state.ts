// What the server's requests and checks are configured by: the user's settings, the API catalog
// (built in, or the cluster's once discovery reports it) and the repository configuration files above the
// checked documents (server/repo-config.ts). One object, made by startServer and passed to
// whoever reads it; changed only through its setters, which bump the versions that cached findings
// are keyed by.
import { ApiCatalog, builtInCatalog } from "../core/catalog";
import { CheckSettings } from "../core/checks/context";
import { CheckInputs } from "../core/service/check-service";
import { WorkspaceModel } from "../core/service/workspace";
import { RepoConfigs } from "./repo-config";
import { Settings } from "./settings";

export class ServerState {
  private currentSettings: Settings;
  private currentCatalog: ApiCatalog;
  /** The settings the checks see (one object per settings version: the checks cache by it). */
  private checkSettings: CheckSettings;
  private settingsVersion = 0;
  private catalogVersion = 0;

  constructor(
    settings: Settings = Settings.defaults,
    catalog: ApiCatalog = builtInCatalog(),
    /** The `.kube-rbac.yaml` files above the documents. */
    readonly repoConfigs: RepoConfigs = new RepoConfigs(),
  ) {
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

  /**
   * What the checks of a file depend on besides its text, with the workspace it is checked in: for a
   * document (`uri`), under the repository configuration above it, with the settings on top.
   */
  checkInputs(workspace: WorkspaceModel, uri?: string): CheckInputs {
    const config = uri === undefined ? undefined : this.repoConfigs.forUri(uri);
    return {
      catalog: config ? this.repoConfigs.catalog(config, this.currentCatalog, builtInCatalog()) : this.currentCatalog,
      workspace,
      settings: config ? this.repoConfigs.settings(config, this.checkSettings) : this.checkSettings,
      version: `${this.settingsVersion}/${this.catalogVersion}/${this.repoConfigs.version}`,
    };
  }
}
