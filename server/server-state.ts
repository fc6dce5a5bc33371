// What the server's requests and checks are configured by: the user's settings, the API catalog
// (built in, or the cluster's once discovery reports it, extended by the workspace's CustomResourceDefinitions)
// and the repository configuration files above the checked documents (repo-config.ts). One object, made by startServer and passed to
// whoever reads it; changed only through its setters, which bump the versions that cached findings
// are keyed by.
import { ApiCatalog, ApiResourceInfo, builtInCatalog } from "../core/catalog";
import { withCustomResources } from "../core/catalog/crds";
import { CheckSettings } from "../core/checks/context";
import { CheckInputs } from "../core/service/check-service";
import { WorkspaceModel } from "../core/service/workspace";
import { LoadedConfig } from "../config";
import { RepoConfigs } from "./repo-config";
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

  /** The built-in catalogs of the versions repository configurations name, extended as `catalog` is. */
  private readonly versionCatalogs = new Map<ApiCatalog, ApiCatalog>();

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
    this.versionCatalogs.clear();
    this.catalogVersion++;
  }

  /** The custom resources a workspace file defines (its CustomResourceDefinitions); true when they changed. */
  setWorkspaceResources(file: string, resources: readonly ApiResourceInfo[]): boolean {
    const before = this.workspaceResources.get(file) ?? [];
    if (JSON.stringify(before) === JSON.stringify(resources)) return false;
    if (resources.length > 0) this.workspaceResources.set(file, resources);
    else this.workspaceResources.delete(file);
    this.effectiveCatalog = undefined;
    this.versionCatalogs.clear();
    this.catalogVersion++;
    return true;
  }

  /**
   * What the checks of a file depend on besides its text, with the workspace it is checked in: for a
   * document (`uri`), under the repository configuration above it, with the settings on top.
   */
  checkInputs(workspace: WorkspaceModel, uri?: string): CheckInputs {
    const config = uri === undefined ? undefined : this.repoConfigs.forUri(uri);
    return {
      catalog: config ? this.catalogFor(config) : this.catalog,
      workspace,
      settings: config ? this.repoConfigs.settings(config, this.checkSettings) : this.checkSettings,
      version: `${this.settingsVersion}/${this.catalogVersion}/${this.repoConfigs.version}`,
    };
  }

  /** The configured Kubernetes version's built-in catalog while the built-in one is in use (a cluster's discovery wins). */
  private catalogFor(config: LoadedConfig): ApiCatalog {
    const base = config.catalog();
    if (!base || this.currentCatalog !== builtInCatalog()) return this.catalog;
    let catalog = this.versionCatalogs.get(base);
    if (!catalog) this.versionCatalogs.set(base, (catalog = withCustomResources(base, [...this.workspaceResources.values()].flat())));
    return catalog;
  }
}
