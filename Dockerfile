# syntax=docker/dockerfile:1
# The Parcours server image: `parcours serve` on port 8080, as a non-root user. The database is external: set
# PARCOURS_CONNECTION (docker-compose.yml does, to its postgres service). The image holds no PostgreSQL server.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore from the project files alone, so that the restored packages stay cached while only code changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Parcours.Domain/Parcours.Domain.csproj src/Parcours.Domain/
COPY src/Parcours.EventStore/Parcours.EventStore.csproj src/Parcours.EventStore/
COPY src/Parcours.EmbeddedPostgres/Parcours.EmbeddedPostgres.csproj src/Parcours.EmbeddedPostgres/
COPY src/Parcours.Application/Parcours.Application.csproj src/Parcours.Application/
COPY src/Parcours.Simulation/Parcours.Simulation.csproj src/Parcours.Simulation/
COPY src/Parcours.Benchmarks/Parcours.Benchmarks.csproj src/Parcours.Benchmarks/
COPY src/Parcours.Server/Parcours.Server.csproj src/Parcours.Server/
COPY src/Parcours.Cli/Parcours.Cli.csproj src/Parcours.Cli/
RUN dotnet restore src/Parcours.Cli/Parcours.Cli.csproj
COPY src/ src/
RUN dotnet publish src/Parcours.Cli/Parcours.Cli.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
# The base image's unprivileged user (uid 1654).
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "parcours.dll"]
CMD ["serve", "--urls", "http://0.0.0.0:8080"]
