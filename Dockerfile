# Marquee's container image: the compiled service on Node.js 24 with production dependencies only.
#
#   docker build -t marquee .
#   docker run --rm -p 127.0.0.1:8000:8000 -e MARQUEE_API_KEY=<a long random key> \
#     -v marquee-home:/var/lib/marquee marquee
#
# On the embedded defaults (no DATABASE_URL, S3_* or MLFLOW_TRACKING_URI) all state lives in the
# MARQUEE_HOME volume. The server listens on every interface of the container (HOST=0.0.0.0), so it
# refuses to start without MARQUEE_API_KEY (see src/api/listen-address.ts). deploy/docker-compose.yml
# runs this image beside PostgreSQL, MinIO, MLflow, Prometheus and Grafana.
# test/deploy/dockerfile.test.ts reproduces the runtime stage on disk, with this file's commands.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `prepare` script would compile before the sources are copied; the build is
# its own step below, so a change of the sources does not invalidate the dependency layer.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
# No dev dependencies, and no install scripts: `prepare` needs the TypeScript compiler, a dev one.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY data/ml-latest-small ./data/ml-latest-small
COPY --from=build /app/dist ./dist
# The code stays root's and read-only; the service writes only to MARQUEE_HOME. The directory is
# made and handed over before VOLUME, so a new named volume starts with this owner.
RUN mkdir -p /var/lib/marquee && chown 1000:1000 /var/lib/marquee
ENV HOST=0.0.0.0 PORT=8000 MARQUEE_HOME=/var/lib/marquee
VOLUME /var/lib/marquee
# The base image's `node` user, by number: runtimes enforcing runAsNonRoot can check a number only.
USER 1000:1000
EXPOSE 8000
# What the service handles (src/cli/commands/run-service.ts): it stops taking requests, lets the
# running ones finish and closes the database, usually within a second; a request still running
# after 10 s is cut off. `docker stop` waits 10 s before SIGKILL, deploy/docker-compose.yml 15 s.
STOPSIGNAL SIGTERM
# Liveness through node itself: the slim image has no curl. The start period covers the first start,
# which imports the bundled data set into an empty database before it listens.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and receives the stop signal itself; `npm start` would stand in between.
ENTRYPOINT ["node", "--enable-source-maps", "dist/cli/main.js"]
# `start`: the whole service, training a first model when the registry has no champion. Any other
# command of the CLI can be given instead: `serve` (no first training), `train`, `import`, `drift`.
CMD ["start"]
