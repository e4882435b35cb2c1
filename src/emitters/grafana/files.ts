/** generated/grafana/: dashboards (JSON) and provisioning files for Grafana. */
import type { ResolvedCatalog } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { toYaml } from '../../core/yaml.js';
import { overviewDashboard } from './overview-dashboard.js';
import { DATASOURCE_NAME, DATASOURCE_UID } from './panels.js';
import { serviceDashboard } from './service-dashboard.js';

/** Where the provisioning files expect the dashboards inside the Grafana container. */
const DASHBOARDS_MOUNT = '/var/lib/grafana/dashboards/sloforge';

function services(model: ResolvedCatalog): Array<{ name: string; title: string }> {
  const seen = new Map<string, string>();
  for (const i of [...model.instances, ...model.capacities]) seen.set(i.service.name, i.service.title);
  return [...seen].map(([name, title]) => ({ name, title }));
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Each service's dashboard: it reads that service's instances alone (a part of servicesOf, or the whole catalog). */
export function serviceDashboardFiles(model: ResolvedCatalog): GeneratedFile[] {
  return services(model).map((s) => ({ path: `generated/grafana/dashboards/${s.name}/${s.name}-slos.json`, content: json(serviceDashboard(model, s.name)) }));
}

/** The overview dashboard and the provisioning, which list every service; with serviceDashboardFiles, all of generated/grafana/. */
export function grafanaCatalogFiles(model: ResolvedCatalog): GeneratedFile[] {
  const all = services(model);
  const dashboards: GeneratedFile[] = [
    {
      path: 'generated/grafana/dashboards/overview/slo-overview.json',
      content: json(overviewDashboard({ capacities: model.capacities.length > 0, sloth: model.instances.some((i) => i.alertIdentity.style === 'sloth') })),
    },
  ];
  const providers = [
    ...all.map((s) => ({ name: `sloforge-${s.name}`, folder: s.title, folderUid: `sloforge-${s.name}`, path: `${DASHBOARDS_MOUNT}/${s.name}` })),
    { name: 'sloforge-overview', folder: 'SLOs', folderUid: 'sloforge-overview', path: `${DASHBOARDS_MOUNT}/overview` },
  ].map((p) => ({
    name: p.name,
    orgId: 1,
    folder: p.folder,
    folderUid: p.folderUid,
    type: 'file',
    disableDeletion: true,
    allowUiUpdates: false,
    updateIntervalSeconds: 60,
    options: { path: p.path, foldersFromFilesStructure: false },
  }));
  const header = `# ${GENERATED_HEADER}\n`;
  return [
    ...dashboards,
    { path: 'generated/grafana/provisioning/dashboards/sloforge.yml', content: `${header}${toYaml({ apiVersion: 1, providers })}` },
    {
      path: 'generated/grafana/provisioning/datasources/sloforge.yml',
      content: `${header}# The Prometheus URL comes from the catalog: catalog({ grafana: { prometheusUrl } }, ...). The dashboards reference this datasource by its uid.\n${toYaml(
        {
          apiVersion: 1,
          datasources: [
            {
              name: DATASOURCE_NAME,
              type: 'prometheus',
              uid: DATASOURCE_UID,
              access: 'proxy',
              url: model.grafana.prometheusUrl,
              isDefault: false,
              editable: false,
              jsonData: { timeInterval: '30s' },
            },
          ],
        },
      )}`,
    },
  ];
}
