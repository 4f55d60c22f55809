# One image for both Verdict processes; docker-compose.yml picks the command:
#   API:    node dist/src/main.js
#   worker: node dist/src/main.worker.js   (needs extra privileges for the sandbox, see docker-compose.yml)
FROM node:22-bookworm

# bubblewrap: the sandbox's namespaces. gcc + libseccomp-dev: `npm run build` compiles the sandbox
# launcher (libs/sandbox/native) against libseccomp. The rest are the judged languages' toolchains;
# the worker offers only languages whose toolchain it finds. Debian 12's golang-go is Go 1.19.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      bubblewrap libseccomp-dev gcc g++ make python3 openjdk-17-jdk-headless golang-go \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first so that source edits do not invalidate this layer.
# npm ci refuses a lock file missing an optional dependency the registry cannot supply (see
# scripts/setup.sh); npm install then installs the same locked tree without it.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
 || (echo 'npm ci failed; retrying with npm install' && npm install --no-audit --no-fund)

COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

ENV NODE_ENV=production
# Every interface of the container, so API keys are required (AUTH_MODE=auto; docs/auth.md).
ENV HOST=0.0.0.0
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
