using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Data;

/// <summary>
/// The data files a project shows the analyzers (<c>&lt;AdditionalFiles Include="Data/houses.csv" /&gt;</c>): the
/// first two lines of the one a constant path names, read once per compilation. This is how MLOPS602 knows a header
/// or a separator without guessing from the file name. One instance per compilation, created at its start.
/// </summary>
internal sealed class DataFiles
{
    private readonly ImmutableArray<AdditionalText> _files;
    private readonly ConcurrentDictionary<string, FileHead?> _heads = new(StringComparer.Ordinal);

    public DataFiles(AnalyzerOptions options) => _files = options.AdditionalFiles;

    public bool IsEmpty => _files.IsDefaultOrEmpty;

    /// <summary>
    /// The head of the single additional file whose path ends with <paramref name="path"/> (compared segment by
    /// segment, <c>/</c> and <c>\</c> alike, case-sensitively), or null when none or several match, or it has fewer
    /// than two lines.
    /// </summary>
    public FileHead? Find(string path, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            return null;
        }

        return _heads.GetOrAdd(path, p => Read(p, cancellationToken));
    }

    private FileHead? Read(string path, CancellationToken cancellationToken)
    {
        var wanted = Normalize(path).TrimStart('.', '/');
        if (wanted.Length == 0)
        {
            return null;
        }

        AdditionalText? match = null;
        foreach (var file in _files)
        {
            var candidate = Normalize(file.Path);
            if (candidate == wanted || candidate.EndsWith("/" + wanted, StringComparison.Ordinal))
            {
                if (match is not null)
                {
                    return null;
                }

                match = file;
            }
        }

        if (match?.GetText(cancellationToken) is not { } text || text.Lines.Count < 2)
        {
            return null;
        }

        return new FileHead(text.Lines[0].ToString(), text.Lines[1].ToString());
    }

    private static string Normalize(string path) => path.Replace('\\', '/');
}

/// <summary>The first two lines of a data file.</summary>
internal sealed class FileHead
{
    public FileHead(string first, string second)
    {
        First = first;
        Second = second;
    }

    public string First { get; }

    public string Second { get; }

    /// <summary>
    /// The separator the file evidently uses when it is not a tab: ',' or ';' when the first two lines have no tab and
    /// the same (non-zero) count of that character. Null when the file has tabs or no such evidence.
    /// </summary>
    public char? NonTabSeparator()
    {
        if (First.IndexOf('\t') >= 0 || Second.IndexOf('\t') >= 0)
        {
            return null;
        }

        foreach (var candidate in new[] { ',', ';' })
        {
            var count = Count(First, candidate);
            if (count > 0 && count == Count(Second, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the first line is a header: split on <paramref name="separator"/>, some column that the schema reads
    /// as a number holds text on the first line and a number on the second.
    /// </summary>
    public bool HasHeader(char separator, ImmutableArray<int> numericColumns)
    {
        var first = First.Split(separator);
        var second = Second.Split(separator);
        foreach (var column in numericColumns)
        {
            if (column < first.Length && column < second.Length
                && !IsNumber(first[column]) && first[column].Trim().Length > 0
                && IsNumber(second[column]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(string field)
        => double.TryParse(field.Trim().Trim('"'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static int Count(string line, char character)
    {
        var count = 0;
        foreach (var c in line)
        {
            if (c == character)
            {
                count++;
            }
        }

        return count;
    }
}
