# syntax=docker/dockerfile:1
#
# The Fledge operator image. Three stages: build (all dependencies, tsc),
# deps (production dependencies only), and the runtime, which holds node, the
# compiled dist/src, production node_modules, package.json and crds/.
#
# The base is pinned to an exact Node release. For reproducible builds pin the
# digest too, e.g. --build-arg NODE_IMAGE=node:20.20.2-bookworm-slim@sha256:<digest>
# (docs/install.md shows how to look it up).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# The operator never runs npm, yarn or corepack: leave them out of the image.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg
ENV NODE_ENV=production \
    HOME=/tmp
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
COPY crds ./crds
# Numeric, so runAsNonRoot can verify it without an /etc/passwd entry.
USER 65532:65532
EXPOSE 8080
# Exec form: node is PID 1 and receives SIGTERM itself; `fledge run` handles
# it (drain reconciles, release the Lease) within the grace period.
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["run"]
