# The API service, for users with Docker (docker compose up). Neo4j comes from the official image.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_service ./graph_service
COPY samples ./samples
RUN pip install --no-cache-dir .
ENV NEO4J_URI=neo4j://neo4j:7687
EXPOSE 8000
CMD ["graph-service", "serve", "--host", "0.0.0.0", "--port", "8000"]
