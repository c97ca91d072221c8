# The API service for machines with a Docker engine (`docker compose up`); Neo4j comes from the
# official image. It installs exactly what tests/test_wheel_install.py builds and installs: the
# wheel of `pip wheel --no-deps` over pyproject.toml and graph_service/ with the explorer bundle.

# 1. The explorer bundle (graph_service/static/vendor/, ignored by git), as `make setup` builds it.
FROM node:20-slim AS explorer
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY graph_service/static ./graph_service/static
RUN npm run --silent build

# 2. The wheel: the Cypher files, the explorer and the local server's pom ship inside it.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml ./
COPY graph_service ./graph_service
COPY --from=explorer /src/graph_service/static/vendor ./graph_service/static/vendor
RUN pip wheel --no-cache-dir --no-deps -w /dist .

# 3. The service: the wheel and its dependencies, no source tree. Its data folder (DATA_DIR) is
# the working directory, /data; serving writes nothing there.
FROM python:3.11-slim
# The briefings' Chinese fonts (docs/reports.md), from Debian as `make report-deps` installs them.
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig \
      fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /dist /dist
RUN pip install --no-cache-dir /dist/*.whl && rm -rf /dist
WORKDIR /data
ENV NEO4J_URI=neo4j://neo4j:7687
EXPOSE 8000
CMD ["graph-service", "serve", "--host", "0.0.0.0", "--port", "8000"]
