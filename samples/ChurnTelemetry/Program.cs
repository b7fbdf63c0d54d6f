using ChurnTelemetry;

// dotnet run -- --urls http://127.0.0.1:5080, then: dotnet-counters monitor -n ChurnTelemetry --counters MlopsAnalyzers.Monitoring
await ChurnTelemetryService.Build(args).RunAsync();
