using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ChurnModel;
using ChurnTelemetry;
using Microsoft.AspNetCore.Builder;
using MlopsAnalyzers.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Monitoring;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace MlopsAnalyzers.Telemetry.Tests;

/// <summary>
/// The ChurnTelemetry sample serves customers like the training ones, then customers whose monthly charges have
/// doubled; the metrics must show the predictions, their duration, and MonthlyCharges drifting, read by the real
/// dotnet-counters and Prometheus endpoint of a service process, and by OpenTelemetry's in-memory exporter.
/// </summary>
[Trait("Category", "Telemetry")]
public sealed class ServingTelemetryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ITestOutputHelper _output;
    private readonly DotNetCli.TempDirectory _temp = new();

    public ServingTelemetryTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheServiceProcessReportsPredictionsAndDriftToDotnetCountersAndPrometheus()
    {
        var watch = Stopwatch.StartNew();
        var root = RepositoryRoot();
        var restore = DotNetCli.Run(root, TimeSpan.FromMinutes(3), "tool", "restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        using var service = new ServiceProcess(AppContext.BaseDirectory, "ChurnTelemetry.dll", Path.Combine(_temp.Path, "registry"));
        var url = service.WaitForUrl(Patience);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var customers = Customers();

        // Customers like the training ones: a full window, checked, nothing drifts.
        await Score(http, customers, CancellationToken.None);
        await WaitForDrift(http, drifting: false);
        var before = Collect(root, service.Id, TimeSpan.FromSeconds(3));

        // Doubled charges: MonthlyCharges drifts; keep serving while dotnet-counters listens.
        var shifted = customers.Select(Shifted).ToList();
        await Score(http, shifted, CancellationToken.None);
        await WaitForDrift(http, drifting: true);
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            // All the shifted customers in turn, so that only the charges differ from training.
            for (var next = 0; !stop.IsCancellationRequested; next = (next + 20) % shifted.Count)
            {
                await Score(http, shifted.Skip(next).Take(20), stop.Token);
                await Task.Delay(50, CancellationToken.None);
            }
        });
        var after = Collect(root, service.Id, TimeSpan.FromSeconds(3));
        stop.Cancel();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _output.WriteLine($"dotnet-counters: {before.Count} events before the shift, {after.Count} after");

        // Before: every column's drift state is 0, the window is full.
        Assert.All(Named(before, "mlops.drift.state (1)"), e => Assert.Equal(0, e.Value));
        Assert.Equal(
            new[] { "Contract", "MonthlyCharges", "SupportCalls", "Tenure" },
            Named(before, "mlops.drift.state (1)").Select(e => e.Tags["mlops.column"]).Distinct().OrderBy(c => c, StringComparer.Ordinal));
        Assert.All(Named(before, "mlops.drift.window.fill (1)"), e => Assert.Equal(1, e.Value));

        // After: MonthlyCharges drifts with a significant PSI; predictions are counted and timed in seconds.
        var monthly = Named(after, "mlops.drift.state (1)").Where(e => e.Tags["mlops.column"] == "MonthlyCharges").ToList();
        Assert.NotEmpty(monthly);
        Assert.All(monthly, e => Assert.Equal(1, e.Value));
        Assert.All(Named(after, "mlops.drift.psi (1)").Where(e => e.Tags["mlops.column"] == "MonthlyCharges"), e => Assert.True(e.Value >= 0.25, $"PSI {e.Value}"));
        var rate = Named(after, "mlops.model.predictions ({prediction} / 1 sec)");
        Assert.True(rate.Sum(e => e.Value) > 0, "no prediction counted while dotnet-counters listened");
        var durations = Named(after, "mlops.model.prediction.duration (s)");
        Assert.Contains(durations, e => e.Tags.GetValueOrDefault("Percentile") == "50");
        Assert.All(durations, e => Assert.InRange(e.Value, 1e-7, 1));
        Assert.All(before.Concat(after), e =>
        {
            Assert.Equal(MonitoringMetrics.MeterName, e.Provider);
            Assert.Equal(ChurnTelemetryService.ModelName, e.Tags["mlops.model.name"]);
            Assert.Equal("1", e.Tags["mlops.model.version"]);
        });

        // The same through OpenTelemetry's Prometheus exporter.
        var scraped = await http.GetStringAsync("/metrics");
        Assert.Matches(new Regex(@"mlops_drift_state\{[^}]*mlops_column=""MonthlyCharges""[^}]*\} 1\b"), scraped);
        Assert.Matches(new Regex(@"mlops_drift_state\{[^}]*mlops_column=""Tenure""[^}]*\} 0\b"), scraped);
        var total = Regex.Match(scraped, @"mlops_model_predictions_total\{[^}]*mlops_model_name=""churn-telemetry""[^}]*\} (?<n>\d+)");
        Assert.True(total.Success, scraped);
        Assert.True(long.Parse(total.Groups["n"].Value, CultureInfo.InvariantCulture) >= 2 * customers.Count);
        Assert.Contains("mlops_model_prediction_duration_seconds_bucket{", scraped);
        _output.WriteLine($"took {watch.Elapsed}");
    }

    [Fact]
    public async Task TheInMemoryExporterSeesEveryInstrument()
    {
        var previous = Environment.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable);
        Environment.SetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable, Path.Combine(_temp.Path, "registry"));
        try
        {
            var exported = new List<MetricSnapshot>();
            await using var app = ChurnTelemetryService.Build(new[] { "--urls", "http://127.0.0.1:0" }, metrics => metrics.AddInMemoryExporter(exported));
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            var customers = Customers();

            await Score(http, customers, CancellationToken.None);
            await WaitForDrift(http, drifting: false);
            await Score(http, customers.Select(Shifted), CancellationToken.None);
            await WaitForDrift(http, drifting: true);
            // Collects and exports now (the Prometheus reader of the same provider, pull-based, reports false: ignored).
            app.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000);
            await app.StopAsync();
            Assert.NotEmpty(exported);

            MetricSnapshot Last(string name) => exported.Last(m => m.Name == name);
            var modelTags = new Dictionary<string, object?> { ["mlops.model.name"] = ChurnTelemetryService.ModelName, ["mlops.model.version"] = "1" };

            var predictions = Last("mlops.model.predictions");
            Assert.Equal("{prediction}", predictions.Unit);
            var point = Assert.Single(predictions.MetricPoints);
            Assert.Equal(2 * customers.Count, point.GetSumLong());
            Assert.Equal(modelTags, Tags(point));

            var duration = Last("mlops.model.prediction.duration");
            Assert.Equal("s", duration.Unit);
            point = Assert.Single(duration.MetricPoints);
            Assert.Equal(2 * customers.Count, point.GetHistogramCount());
            Assert.InRange(point.GetHistogramSum() / point.GetHistogramCount(), 1e-7, 0.1);
            Assert.Equal(modelTags, Tags(point));

            var observed = Last("mlops.drift.inputs.observed");
            Assert.Equal("{input}", observed.Unit);
            Assert.Equal(2 * customers.Count, Assert.Single(observed.MetricPoints).GetSumLong());
            Assert.Equal(1, Assert.Single(Last("mlops.drift.window.fill").MetricPoints).GetGaugeLastValueDouble());

            var states = Last("mlops.drift.state").MetricPoints.ToDictionary(p => (string)Tags(p)["mlops.column"]!, p => p.GetGaugeLastValueLong());
            Assert.Equal(new Dictionary<string, long> { ["Tenure"] = 0, ["MonthlyCharges"] = 1, ["SupportCalls"] = 0, ["Contract"] = 0 }, states);
            var psi = Last("mlops.drift.psi").MetricPoints.ToDictionary(p => (string)Tags(p)["mlops.column"]!, p => p.GetGaugeLastValueDouble());
            Assert.True(psi["MonthlyCharges"] >= 0.25, $"PSI {psi["MonthlyCharges"]}");
            Assert.All(Last("mlops.drift.psi").MetricPoints, p => Assert.Equal(3, Tags(p).Count));

            // No prediction failed, so the error counter has no point.
            Assert.DoesNotContain(exported, m => m.Name == "mlops.model.prediction.errors" && m.MetricPoints.Count > 0);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable, previous);
        }
    }

    // ---------------------------------------------------------------- helpers

    private sealed record CounterEvent(string Provider, string Name, IReadOnlyDictionary<string, string> Tags, double Value);

    private static IReadOnlyDictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private static List<CounterEvent> Named(IEnumerable<CounterEvent> events, string name) => events.Where(e => e.Name == name).ToList();

    /// <summary>Runs <c>dotnet-counters collect</c> (from the tool manifest) against the process and reads its JSON file.</summary>
    private List<CounterEvent> Collect(string root, int processId, TimeSpan duration)
    {
        var file = Path.Combine(_temp.Path, $"counters-{Guid.NewGuid():N}.json");
        var run = DotNetCli.Run(
            root,
            duration + Patience,
            "dotnet-counters", "collect", "--process-id", processId.ToString(CultureInfo.InvariantCulture),
            "--counters", MonitoringMetrics.MeterName, "--format", "json", "-o", file,
            "--refresh-interval", "1", "--duration", duration.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0 && File.Exists(file), run.ToString());

        using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { AllowTrailingCommas = true });
        var events = new List<CounterEvent>();
        foreach (var e in json.RootElement.GetProperty("Events").EnumerateArray())
        {
            var tags = (e.GetProperty("tags").GetString() ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(t => t.Split('=', 2))
                .ToDictionary(t => t[0], t => t.Length > 1 ? t[1] : "");
            events.Add(new CounterEvent(e.GetProperty("provider").GetString()!, e.GetProperty("name").GetString()!, tags, e.GetProperty("value").GetDouble()));
        }

        Assert.NotEmpty(events);
        return events;
    }

    private static async Task Score(HttpClient http, IEnumerable<Customer> customers, CancellationToken cancellation)
    {
        foreach (var customer in customers)
        {
            if (cancellation.IsCancellationRequested)
            {
                return;
            }

            using var response = await http.PostAsJsonAsync("/score", customer, CancellationToken.None);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var score = await response.Content.ReadFromJsonAsync<ChurnScore>(CancellationToken.None);
            Assert.InRange(score!.Probability, 0, 1);
        }
    }

    /// <summary>Waits until the latest background check says MonthlyCharges drifts (or not), and only it.</summary>
    private static async Task WaitForDrift(HttpClient http, bool drifting)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync("/drift");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = await response.Content.ReadAsStringAsync();
                using var report = JsonDocument.Parse(last);
                var flagged = report.RootElement.EnumerateArray().Where(c => c.GetProperty("isDrifting").GetBoolean()).Select(c => c.GetProperty("name").GetString()).ToList();
                if (flagged.SequenceEqual(drifting ? new[] { "MonthlyCharges" } : Array.Empty<string>()))
                {
                    return;
                }
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The service did not report {(drifting ? "MonthlyCharges drifting" : "no drift")} within {Patience}; last report: {last}");
    }

    private static Customer Shifted(Customer customer)
        => new() { Tenure = customer.Tenure, MonthlyCharges = customer.MonthlyCharges * 2, SupportCalls = customer.SupportCalls, Contract = customer.Contract };

    /// <summary>The training customers (the sample's Data/customers.csv, copied next to the tests).</summary>
    private static List<Customer> Customers()
        => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "customers.csv"))
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Customer
            {
                Tenure = float.Parse(f[0], CultureInfo.InvariantCulture),
                MonthlyCharges = float.Parse(f[1], CultureInfo.InvariantCulture),
                SupportCalls = float.Parse(f[2], CultureInfo.InvariantCulture),
                Contract = f[3],
            })
            .ToList();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlopsAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MlopsAnalyzers.sln) was not found above " + AppContext.BaseDirectory);
    }
}
