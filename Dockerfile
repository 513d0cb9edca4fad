# The worker image: the package with its bundled lists, nothing else.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY monitor ./monitor
RUN pip install --no-cache-dir . && useradd --system monitor
USER monitor
ENTRYPOINT ["monitor"]
CMD ["worker"]
