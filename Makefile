# sloforge: `make generate` compiles the Kimberly catalog; `make test` proves it.
# Both install what they need: npm dependencies (npm ci) and Debian's prometheus tools.
SHELL := /bin/bash
NPM_STAMP := node_modules/.sloforge-npm-ci

.PHONY: all deps tools generate check validate typecheck lint format unit rules test bench clean

all: generate

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: $(NPM_STAMP)

tools:
	@scripts/install-tools.sh

generate: deps
	npm run -s generate

check: deps
	npm run -s generate -- --check

validate: deps
	npm run -s validate

typecheck: deps
	npx tsc --noEmit

# Prettier (format), ESLint with typescript-eslint and the layering rules, knip (unused code and exports).
lint: deps
	npm run -s lint

format: deps
	npm run -s format

unit: deps tools
	npx vitest run

rules: tools
	scripts/promtool-rules.sh alerts

test: deps tools typecheck lint check unit rules

bench: deps
	npx tsx bench/run.ts

clean:
	rm -rf node_modules
