# The worker image: the package with its bundled lists and its native screening core.
# Stage 1 builds the wheel (the Rust core needs a toolchain); stage 2 holds only what runs.
# (bookworm's own cargo is too old for the crates; its python3 is 3.11, as in the final stage)
FROM rust:1-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3-venv \
    && rm -rf /var/lib/apt/lists/* && python3 -m venv /venv
ENV PATH=/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY native ./native
RUN pip wheel --no-cache-dir --no-deps -w /wheels .

FROM python:3.11-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels && useradd --system monitor
# Fail at start rather than run the slower pure-Python core if the native build went missing.
ENV MONITOR_NATIVE=1
USER monitor
ENTRYPOINT ["monitor"]
CMD ["worker"]
