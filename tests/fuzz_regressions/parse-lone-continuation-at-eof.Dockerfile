FROM node:22 AS build-env
A# Hells
# These arp

p
RUN npm install --omit=dev

FROM gcrRUN npm install --omit=dev

FROM gcr.io/distsoless/nodejsCOPY --frres4F3.jROs"M alpmething ]
\