/** The regression gates of sloforge's own benchmarks, read by `sloforge bench-check` in `make bench`. */
import { catalog, environment, service } from 'sloforge';

export default catalog(
  service({
    name: 'sloforge',
    owner: 'sloforge-maintainers',
    runbookBaseUrl: 'https://github.com/sloforge/sloforge/blob/main/README.md',
    dashboardBaseUrl: 'https://grafana.example.com',
    environments: [environment('ci', { alerting: 'none' })],
    slos: [],
    regressionGates: [
      { id: 'cli-help', title: 'sloforge --help, whole process', metric: 'cli_help_seconds', maxIncrease: 0.5 },
      { id: 'validate-small', title: 'sloforge validate, 5-SLO catalog, whole process', metric: 'validate_shop_seconds', maxIncrease: 0.3 },
      { id: 'generate-check', title: 'sloforge generate --check, Kimberly, whole process', metric: 'generate_check_kimberly_seconds', maxIncrease: 0.3 },
      { id: 'compile', title: 'compile, Kimberly, in process', metric: 'compile_kimberly_seconds', maxIncrease: 0.3 },
    ],
  }),
);
