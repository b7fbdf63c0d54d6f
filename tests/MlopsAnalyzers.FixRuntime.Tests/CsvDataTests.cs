using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/CsvData: house prices read from a comma-separated file with a header row and empty numeric fields, with the text
/// loader's defaults (MLOPS602), without MissingRealsAsNaNs while missing values are replaced (MLOPS603), and with the
/// result of a row filter dropped (MLOPS601, in another file: dotnet format's fixers of one pass see the diagnostics
/// computed before it, so fixes of the same file may need a second pass, which the round trip runs when a fix was left
/// unapplied). Nothing fails before the fixes: the data is silently misread. Unlike the
/// other apps the output is expected to change: after the fixes the app must see what the file holds, as computed here
/// from the file itself.
/// </summary>
public sealed class CsvDataTests : RoundTripTests
{
    public static readonly AppSpec App = new()
    {
        Name = "CsvData",
        Rules = new[] { "MLOPS601", "MLOPS602", "MLOPS603" },
        Runs = new[] { Array.Empty<string>() },
        Replacements = folder => new Dictionary<string, string> { ["/srv/data/houses.csv"] = Path.Combine(folder, "app", "houses.csv") },
    };

    /// <summary>The app drops the rows whose price is at or above this (typos), as its filter says.</summary>
    private const float PriceLimit = 10000;

    public CsvDataTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(App);

    [Fact]
    public void FixesRemovedTheirDiagnostics() => AssertFixesRemoved("MLOPS601", "MLOPS602", "MLOPS603");

    [Fact]
    public void FixedAppBuildsWithWarningsAsErrorsAndRuns() => AssertFixedAppBuildsAndRuns();

    /// <summary>The fixes rewrote the load (separator, header, missing reals as NaN) and kept the filtered data.</summary>
    [Fact]
    public void FixesChangedTheLoadAndTheFilter()
    {
        AssertFixedAppBuildsAndRuns();
        foreach (var file in new[] { "PriceModel.cs", "Listings.cs" })
        {
            Assert.True(Trip.SourcesBefore[file] != Trip.SourcesAfter[file], $"the fixes did not change {file}:\n" + Trip.Report());
        }

        var code = string.Concat(Trip.SourcesAfter["PriceModel.cs"].Where(c => !char.IsWhiteSpace(c)));
        var filter = string.Concat(Trip.SourcesAfter["Listings.cs"].Where(c => !char.IsWhiteSpace(c)));
        Assert.True(code.Contains("MissingRealsAsNaNs=true", StringComparison.Ordinal), "no MissingRealsAsNaNs = true:\n" + Trip.Report());
        Assert.True(code.Contains("separatorChar:','", StringComparison.Ordinal) || code.Contains("Separators=new[]{','}", StringComparison.Ordinal), "no comma separator:\n" + Trip.Report());
        Assert.True(code.Contains("hasHeader:true", StringComparison.Ordinal) || code.Contains("HasHeader=true", StringComparison.Ordinal), "no header:\n" + Trip.Report());
        Assert.True(filter.Contains("data=ml.Data.FilterRowsByColumn(data,", StringComparison.Ordinal), "the filtered data is still dropped:\n" + Trip.Report());
    }

    /// <summary>
    /// After the fixes the app reads the file's rows (not its header), keeps them but the typo, counts its empty fields as missing and fills the
    /// missing sizes with the mean of the sizes the file holds; before them it saw none of this.
    /// </summary>
    [Fact]
    public void FixedAppReadsTheFileRight()
    {
        AssertFixedAppBuildsAndRuns();
        var expected = ExpectedFromFile();
        var after = Lines(Trip.After);
        var before = Lines(Trip.Before);
        foreach (var line in expected)
        {
            Assert.True(after.Contains(line), $"the fixed app does not print '{line}' (computed from the file):\n" + Trip.Report());
            Assert.False(before.Contains(line), $"the app printed '{line}' before the fixes already: the round trip proves nothing:\n" + Trip.Report());
        }

        foreach (var prefix in new[] { "READ ", "ROWS ", "MISSING ", "FILLED " })
        {
            Assert.True(
                after.Count(l => l.StartsWith(prefix, StringComparison.Ordinal)) == expected.Count(l => l.StartsWith(prefix, StringComparison.Ordinal)),
                $"the fixed app prints other '{prefix}' lines than the file gives:\n" + Trip.Report());
        }
    }

    /// <summary>The fixed model predicts prices in the range of the file's prices (typo dropped), for every query; the model trained on the misread file did not.</summary>
    [Fact]
    public void FixedAppPredictsWithinTheFilesPrices()
    {
        AssertFixedAppBuildsAndRuns();
        var prices = Rows().Select(r => r[2]).Where(p => p is { } price && price < PriceLimit).Select(p => p!.Value).ToList();
        var predictions = RoundTrip.Predictions(Trip.After);
        Assert.True(predictions.Count == RoundTrip.Predictions(Trip.Before).Count && predictions.Count > 0, "the fixed app predicts other houses:\n" + Trip.Report());
        foreach (var prediction in predictions)
        {
            var price = double.Parse(prediction.Split(' ')[^1], CultureInfo.InvariantCulture);
            Assert.True(price >= prices.Min() && price <= prices.Max(), $"'{prediction}' is outside the file's prices {prices.Min()}..{prices.Max()}:\n" + Trip.Report());
        }

        Assert.True(
            RoundTrip.Predictions(Trip.Before).Any(p => double.Parse(p.Split(' ')[^1], CultureInfo.InvariantCulture) is var price && (price < prices.Min() || price > prices.Max())),
            "the app predicted within the file's prices before the fixes already: the round trip proves nothing:\n" + Trip.Report());
    }

    /// <summary>The lines the app must print about its data, computed from the file: rows read, rows kept, missing fields, the mean that fills the missing sizes.</summary>
    private static List<string> ExpectedFromFile()
    {
        var kept = Rows().Where(r => r[2] is { } price && price < PriceLimit).ToList();
        var sizes = kept.Select(r => r[0]).Where(s => s is not null).Select(s => (double)s!.Value).ToList();
        var lines = new List<string>
        {
            "READ " + Rows().Count,
            "ROWS " + kept.Count,
            "MISSING Size " + kept.Count(r => r[0] is null),
            "MISSING Rooms " + kept.Count(r => r[1] is null),
        };
        if (kept.Any(r => r[0] is null))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"FILLED Size {sizes.Average():F3}"));
        }

        return lines;
    }

    /// <summary>The data rows of the app's file (header skipped): size, rooms, price, null where the field is empty.</summary>
    private static List<float?[]> Rows()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "tests", "MlopsAnalyzers.FixRuntime.Tests", "Apps", "CsvData", "houses.csv"));
        Assert.Equal("Size,Rooms,Price", lines[0]);
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(f => f.Length == 0 ? (float?)null : float.Parse(f, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
    }

    private static List<string> Lines(RoundTrip.Phase phase)
        => phase.Runs.SelectMany(r => r.Output.Split('\n')).Select(l => l.TrimEnd('\r')).ToList();
}
