// What the server's requests and checks are configured by: the user's settings and the API catalog
// (built in, or the cluster's once discovery reports it, extended by the workspace's CustomResourceDefinitions). One object, made by startServer and passed to
// whoever reads it; changed only through its setters, which bump the versions that cached findings
// are keyed by.
import { ApiCatalog, ApiResourceInfo, builtInCatalog } from "../core/catalog";
import { withCustomResources } from "../core/catalog/crds";
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
  /** Per workspace file, the resources of its CustomResourceDefinitions: they extend the catalog. */
  private readonly workspaceResources = new Map<string, readonly ApiResourceInfo[]>();
  private effectiveCatalog: ApiCatalog | undefined;

  constructor(settings: Settings = Settings.defaults, catalog: ApiCatalog = builtInCatalog()) {
    this.currentSettings = settings;
    this.checkSettings = { severity: settings.severity };
    this.currentCatalog = catalog;
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  get catalog(): ApiCatalog {
    return (this.effectiveCatalog ??= withCustomResources(this.currentCatalog, [...this.workspaceResources.values()].flat()));
  }

  setSettings(settings: Settings): void {
    this.currentSettings = settings;
    this.checkSettings = { severity: settings.severity };
    this.settingsVersion++;
  }

  setCatalog(catalog: ApiCatalog): void {
    this.currentCatalog = catalog;
    this.effectiveCatalog = undefined;
    this.catalogVersion++;
  }

  /** The custom resources a workspace file defines (its CustomResourceDefinitions); true when they changed. */
  setWorkspaceResources(file: string, resources: readonly ApiResourceInfo[]): boolean {
    const before = this.workspaceResources.get(file) ?? [];
    if (JSON.stringify(before) === JSON.stringify(resources)) return false;
    if (resources.length > 0) this.workspaceResources.set(file, resources);
    else this.workspaceResources.delete(file);
    this.effectiveCatalog = undefined;
    this.catalogVersion++;
    return true;
  }

  /** What the checks of a file depend on besides its text, with the workspace it is checked in. */
  checkInputs(workspace: WorkspaceModel): CheckInputs {
    return {
      catalog: this.catalog,
      workspace,
      settings: this.checkSettings,
      version: `${this.settingsVersion}/${this.catalogVersion}`,
    };
  }
}
