# sloforge: `make generate` compiles the Kimberly catalog; `make test` proves it.
# Both install what they need: npm dependencies (npm ci) and Debian's prometheus tools.
SHELL := /bin/bash
NPM_STAMP := node_modules/.sloforge-npm-ci

.PHONY: mutation mutation-changed all deps tools build generate check validate typecheck lint format unit rules test test-quick bench bench-quick docs clean

all: generate

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: $(NPM_STAMP)

# dist/: the bundled CLI and package API (esbuild) and its type declarations; rebuilt when src/ changes.
DIST_STAMP := dist/.built
$(DIST_STAMP): $(NPM_STAMP) $(shell find src -name '*.ts') scripts/build.mjs tsconfig.build.json
	npm run -s build
	@touch $@

build: $(DIST_STAMP)

tools:
	@scripts/install-tools.sh

# The second catalog (examples/shop/): proves nothing assumes Kimberly's names, environments or labels.
SHOP := --catalog examples/shop/slos/index.ts --out examples/shop

generate: build
	npm run -s generate
	npm run -s generate -- $(SHOP)

check: build
	npm run -s generate -- --check
	npm run -s generate -- --check $(SHOP)

validate: build
	npm run -s validate

typecheck: deps
	npx tsc --noEmit

# Prettier (format), ESLint with typescript-eslint and the layering rules, knip (unused code and exports).
lint: deps
	npm run -s lint

format: deps
	npm run -s format

unit: build tools
	npx vitest run

rules: tools
	scripts/promtool-rules.sh alerts
	scripts/promtool-rules.sh examples/shop/alerts

# The documentation site (site/dist/): VitePress over the README and docs/, TypeDoc for the package
# API. Its packages are installed apart (site/package.json), so npm ci of the project stays lean.
SITE_STAMP := site/node_modules/.sloforge-npm-ci
$(SITE_STAMP): site/package.json site/package-lock.json
	npm ci --prefix site --no-audit --no-fund
	@touch $@

docs: $(SITE_STAMP)
	node scripts/docs.mjs

test: deps tools typecheck lint check docs unit rules mutation-changed

# The fast loop (under 90 s on a quiet 2-core machine): types, lint, generate --check and the unit and
# table tests. Left out: the end-to-end suites (real servers), the package install, the property runs,
# and the files that spend most of their time in promtool scenarios or CLI processes (imports, OpenSLO
# round trip, calendar and guard boundaries, CLI and output safety). make test runs everything.
QUICK_EXCLUDE := --exclude 'tests/e2e/**' --exclude tests/package.test.ts --exclude tests/property.test.ts --exclude tests/promtool-generated.test.ts \
	--exclude 'tests/import-*.test.ts' --exclude tests/openslo.test.ts --exclude tests/calendar.test.ts --exclude tests/low-traffic-guard.test.ts \
	--exclude tests/mutation.test.ts --exclude tests/parallel-generate.test.ts --exclude tests/output-safety.test.ts --exclude tests/cli-safety.test.ts \
	--exclude tests/hostile-catalog.test.ts --exclude tests/fresh-dist.test.ts --exclude tests/docs-cli.test.ts
test-quick: deps tools typecheck lint check
	npx vitest run $(QUICK_EXCLUDE)

# Mutation testing of src/core, src/model, src/reports and the rule emitters (Stryker, incremental:
# reports/stryker-incremental.json keeps the last results, so a run re-tests what changed). Scores
# and the surviving mutants: docs/testing.md; the report: reports/mutation.json.
mutation: deps
	npm run -s mutation
	npx tsx scripts/mutation-survivors.ts

# In make test: the mutants of the mutated files changed since the report was committed, and the
# survivors page checked against the report (a second when nothing changed).
mutation-changed: deps
	scripts/mutation-changed.sh

bench: build tools
	npm run -s bench

# The small sizes only (100 and 1,000 instances, 3 days of history): under 2 minutes.
bench-quick: build tools
	BENCH_QUICK=1 npm run -s bench

clean:
	rm -rf node_modules dist
