# Runtime image for the worker and the API; build the jars first with `mvn -B package -DskipTests`.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY worker/target/standby-worker.jar api/target/standby-api.jar /app/
