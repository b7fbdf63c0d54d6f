using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MlopsAnalyzers.Tests.Documentation;

namespace MlopsAnalyzers.Tests.EndToEnd;

/// <summary>
/// Builds the samples exactly as the README's first command does and checks the warnings users see: every
/// <c>// MLOPSnnn:</c> comment in a sample announces that diagnostic on the next code line, and nothing else is reported.
/// </summary>
[Collection(DotNetCliCollection.Name)]
public class SampleBuildTests
{
    private static readonly Regex Warning = new(@"^(?<file>[^\s(][^(\r\n]*)\((?<line>\d+),(?<column>\d+)\): warning (?<id>MLOPS\d{3}):", RegexOptions.Multiline);
    private static readonly Regex Announcement = new(@"//\s*(?<id>MLOPS\d{3}):");

    [Fact]
    public void SamplesShowExactlyTheAnnouncedWarnings()
    {
        using var temp = new DotNetCli.TempDirectory();
        var result = DotNetCli.Run(
            RuleInventory.RepositoryRoot,
            TimeSpan.FromMinutes(8),
            "build", "samples", "--no-incremental", "-tl:off", "-clp:NoSummary",
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(temp.Path, "artifacts"));
        Assert.True(result.ExitCode == 0, result.ToString());

        var samples = Path.Combine(RuleInventory.RepositoryRoot, "samples");
        var actual = Warning.Matches(result.Output)
            .Select(m => $"{Path.GetRelativePath(samples, m.Groups["file"].Value.Trim())}:{m.Groups["line"].Value} {m.Groups["id"].Value}")
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

        var expected = ExpectedFromAnnouncements(samples).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.SequenceEqual(actual), $"expected:\n{string.Join('\n', expected)}\nactual:\n{string.Join('\n', actual)}\n\nbuild output:\n{result.Output}");
    }

    private static IEnumerable<string> ExpectedFromAnnouncements(string samples)
    {
        foreach (var file in Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = Announcement.Match(lines[i]);
                if (!match.Success || !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                var target = i + 1;
                while (target < lines.Length && lines[target].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    target++;
                }

                yield return $"{Path.GetRelativePath(samples, file)}:{target + 1} {match.Groups["id"].Value}";
            }
        }
    }
}
