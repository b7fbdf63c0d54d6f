using ChurnModel;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Monitoring;
using OpenTelemetry.Metrics;

namespace ChurnTelemetry;

/// <summary>The churn scoring service: training at startup, the scoring endpoints, and the metrics wiring.</summary>
public static class ChurnTelemetryService
{
    /// <summary>The model's name in the registry.</summary>
    public const string ModelName = "churn-telemetry";

    private static readonly double[] DurationBuckets = { 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.1, 1 };

    /// <summary>
    /// Builds the service. <paramref name="configureMetrics"/> adds readers to OpenTelemetry's meter provider (the
    /// tests add the in-memory exporter); the Prometheus exporter is always there, at <c>/metrics</c>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<MeterProviderBuilder>? configureMetrics = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var version = TrainAndRegister();

        // One drift monitor for the served version, shared by every engine; its metrics are tagged with the model's
        // name and version. Checks run on the thread pool: a request never waits for one.
        var monitor = ModelRegistry.Default.CreateDriftMonitor<Customer>(
            ModelName,
            version,
            new DriftMonitorOptions { WindowSize = 300, MinimumSamples = 200, CheckInterval = 50 });
        builder.Services.AddSingleton(monitor);
        builder.Services.AddSingleton(services => new ChurnScorer(ModelName, version, services.GetRequiredService<DriftMonitor<Customer>>()));

        // OpenTelemetry: the MlopsAnalyzers.Monitoring meter, exported for Prometheus to scrape. The duration is in
        // seconds and a prediction takes microseconds: buckets from 10 us to 1 s (the default ones are for milliseconds).
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(MonitoringMetrics.MeterName)
                .AddView(MonitoringMetrics.PredictionDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets })
                .AddPrometheusExporter();
            configureMetrics?.Invoke(metrics);
        });

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChurnTelemetry");
        monitor.DriftDetected += (_, e) => logger.LogWarning("Input drift in {Columns}", string.Join(", ", e.DriftingColumns));

        app.MapPost("/score", (Customer customer, ChurnScorer scorer) => scorer.Score(customer));
        app.MapGet("/drift", (DriftMonitor<Customer> drift) => drift.LastReport is { } report
            ? Results.Ok(report.Columns.Select(c => new { c.Name, c.Psi, c.PValue, c.IsDrifting }))
            : Results.NoContent());
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>Trains the churn model on Data/customers.csv and registers it with its drift baseline; returns the version.</summary>
    private static string TrainAndRegister()
    {
        var ml = new MLContext(seed: 42);
        var data = ml.Data.LoadFromTextFile<Customer>(Path.Combine(AppContext.BaseDirectory, "Data", "customers.csv"), hasHeader: true, separatorChar: ',');
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", nameof(Customer.Contract))
            .Append(ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls), "ContractEncoded"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(Customer.Churned), maximumNumberOfIterations: 100));
        var model = pipeline.Fit(data);
        var registration = new ModelRegistration { Seed = 42, Description = "Churn model served by the ChurnTelemetry sample" }
            .AddDriftBaseline(data, nameof(Customer.Churned));
        var version = ModelRegistry.Default.Register(ml, ModelName, model, data.Schema, registration);
        return version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
