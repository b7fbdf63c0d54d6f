using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

public class ExperimentRunTests
{
    [Fact]
    public void NothingIsWrittenBeforeTheRunEnds_DisposeEndsItOnce()
    {
        var tracker = new MemoryTracker();
        using (var run = tracker.StartRun("exp"))
        {
            run.LogMetric("auc", 0.9);
            Assert.Empty(tracker.Runs);
            Assert.Null(run.Record);
        }

        var stored = Assert.Single(tracker.Runs);
        Assert.Equal(RunStatus.Finished, stored.Status);
        Assert.True(stored.EndTime >= stored.StartTime);
    }

    [Fact]
    public void AnEndedRunRefusesMoreData()
    {
        var tracker = new MemoryTracker();
        var run = tracker.StartRun("exp");
        var record = run.End();
        Assert.Same(record, run.Record);
        Assert.Throws<InvalidOperationException>(() => run.LogMetric("late", 1));
        Assert.Throws<InvalidOperationException>(() => run.LogParameter("late", 1));
        Assert.Throws<InvalidOperationException>(() => run.SetTag("late", "x"));
        Assert.Throws<InvalidOperationException>(() => run.LinkModel("m", 1));
        Assert.Throws<InvalidOperationException>(() => run.End());
        run.Dispose();
        Assert.Single(tracker.Runs);
    }

    [Fact]
    public void ParametersAreInvariantAndDoNotChange()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
        try
        {
            var run = new MemoryTracker().StartRun("exp");
            run.LogParameter("rate", 0.25).LogParameter("rate", 0.25);
            var error = Assert.Throws<InvalidOperationException>(() => run.LogParameter("rate", 0.5));
            Assert.Contains("'0.25'", error.Message, StringComparison.Ordinal);
            Assert.Equal("0.25", run.End().Parameters["rate"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void BadInputGetsAClearException()
    {
        var run = new MemoryTracker().StartRun("exp");
        Assert.Throws<ArgumentException>(() => run.LogMetric("", 1));
        Assert.Throws<ArgumentException>(() => run.LogParameter(" ", 1));
        Assert.Throws<ArgumentNullException>(() => run.LogParameter("p", null!));
        Assert.Throws<ArgumentNullException>(() => run.SetTag("t", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.LinkModel("m", 0));
        Assert.Throws<ArgumentException>(() => run.LinkModel("", 1));
        Assert.Throws<ArgumentException>(() => run.LogMetrics("not metrics"));
        Assert.Throws<ArgumentNullException>(() => new ExperimentRun(null!, "exp"));
    }

    [Fact]
    public void FailRecordsTheReason()
    {
        var tracker = new MemoryTracker();
        tracker.StartRun("exp").LogMetric("partial", 1).Fail("training diverged");
        var stored = Assert.Single(tracker.Runs);
        Assert.Equal(RunStatus.Failed, stored.Status);
        Assert.Equal("training diverged", stored.Tags["error"]);
    }

    [Fact]
    public void RecordEvaluationStoresOneRunAndReturnsTheSameObject()
    {
        var tracker = new MemoryTracker();
        var metrics = MetricsFactory.CalibratedBinary();
        Assert.Same(metrics, tracker.RecordEvaluation("binary", metrics));
        var stored = Assert.Single(tracker.Runs);
        Assert.Equal(metrics.AreaUnderRocCurve, stored.GetMetric("AreaUnderRocCurve"));
        Assert.Equal(metrics.LogLoss, stored.GetMetric("LogLoss"));
        Assert.Equal(metrics.F1Score, stored.GetMetric("F1Score"));
    }

    [Fact]
    public void RecordEvaluationOfSomethingElseThrowsBeforeStartingARun()
    {
        var tracker = new MemoryTracker();
        Assert.Throws<ArgumentException>(() => tracker.RecordEvaluation("exp", new object()));
        Assert.Throws<ArgumentNullException>(() => tracker.RecordEvaluation<RegressionMetrics>("exp", null!));
        Assert.Empty(tracker.Runs);
    }

    [Fact]
    public void CrossValidationRecordsEveryFoldAndTheMean()
    {
        var ml = new MLContext(seed: 3);
        var rows = Enumerable.Range(0, 60).Select(i => new Row { X = i % 10, Y = (i % 10) * 2 + (i % 3) });
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Row.X))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(Row.Y), maximumNumberOfIterations: 5));
        var results = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 3, labelColumnName: nameof(Row.Y), seed: 1);

        var tracker = new MemoryTracker();
        Assert.Same(results, tracker.RecordCrossValidation("cv", results));
        var stored = Assert.Single(tracker.Runs);
        Assert.Equal("3", stored.Parameters["cv.folds"]);
        for (var fold = 0; fold < 3; fold++)
        {
            Assert.Equal(results[fold].Metrics.RSquared, stored.GetMetric($"Fold[{fold}].RSquared"));
            Assert.Equal(results[fold].Metrics.MeanAbsoluteError, stored.GetMetric($"Fold[{fold}].MeanAbsoluteError"));
        }

        Assert.Equal(results.Average(r => r.Metrics.RootMeanSquaredError), stored.GetMetric("RootMeanSquaredError")!.Value, 12);
        Assert.Equal(5 * 4, stored.Metrics.Count);
    }

    [Fact]
    public void CrossValidationWithoutFoldsIsRejected()
    {
        var run = new MemoryTracker().StartRun("cv");
        Assert.Throws<ArgumentException>(() => run.LogCrossValidation(Array.Empty<TrainCatalogBase.CrossValidationResult<RegressionMetrics>>()));
        Assert.Throws<ArgumentNullException>(() => run.LogCrossValidation<RegressionMetrics>(null!));
    }

    [Fact]
    public void ConcurrentLoggingOnOneRunKeepsEveryValue()
    {
        var tracker = new MemoryTracker();
        var run = tracker.StartRun("threads");
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                run.LogMetric($"t{t}.m{i}", i);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(1000, run.End().Metrics.Count);
    }

    private sealed class Row
    {
        public float X { get; set; }

        public float Y { get; set; }
    }

    /// <summary>An in-memory tracker: shows that any implementation of the interface gets runs and recording.</summary>
    private sealed class MemoryTracker : IExperimentTracker
    {
        public List<RunRecord> Runs { get; } = new();

        public void AppendRun(RunRecord run) => Runs.Add(run);

        public IReadOnlyList<RunRecord> ListRuns(string experiment) => Runs.Where(r => r.Experiment == experiment).ToList();

        public IReadOnlyList<string> ListExperiments() => Runs.Select(r => r.Experiment).Distinct().ToList();
    }
}
