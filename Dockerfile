# mailsink: SMTP on 1025, web UI and API on 8025, messages in the /data volume.
#   docker build -t mailsink . && docker run -p 1025:1025 -p 8025:8025 -v mailsink-data:/data mailsink

# Build stage: the whole workspace, so the web UI is built and copied into the server package.
FROM node:20-alpine AS build
RUN npm install -g pnpm@10.34.9
WORKDIR /src
# Dependencies first, from the lockfile alone, so that source changes reuse this layer.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile \
 && pnpm --filter "@mailsink/server..." run build \
 && pnpm --filter @mailsink/server deploy --prod --legacy /out

# Runtime stage: the server package with its production dependencies only.
FROM node:20-alpine
ENV NODE_ENV=production \
    MAILSINK_SMTP=0.0.0.0:1025 \
    MAILSINK_LISTEN=0.0.0.0:8025 \
    MAILSINK_DATA_DIR=/data \
    MAILSINK_LOG_FORMAT=json
WORKDIR /app
COPY --from=build /out /app
RUN ln -s /app/bin/mailsink.js /usr/local/bin/mailsink \
 && mkdir /data \
 && chown node:node /data
USER node
VOLUME /data
EXPOSE 1025 8025
HEALTHCHECK --interval=15s --timeout=6s --start-period=10s --retries=3 CMD ["mailsink", "healthcheck"]
ENTRYPOINT ["mailsink"]
