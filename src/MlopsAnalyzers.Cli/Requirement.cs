using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions;

namespace MlopsAnalyzers.Cli;

/// <summary>
/// One gate of <c>models promote</c>: <c>METRIC OP VALUE</c>, where OP is <c>&gt;=</c>, <c>&lt;=</c>, <c>&gt;</c>,
/// <c>&lt;</c> or <c>==</c> and VALUE is a number or an alias (or <c>latest</c>): the metric of the version it points at now.
/// </summary>
public sealed class Requirement
{
    private static readonly Regex Pattern = new(@"^\s*(?<metric>[^<>=\s][^<>=]*?)\s*(?<op>>=|<=|==|>|<)\s*(?<value>\S.*?)\s*$", RegexOptions.CultureInvariant);

    private Requirement(string text, string metric, string op, double? number, string? reference)
    {
        Text = text;
        Metric = metric;
        Operator = op;
        Number = number;
        Reference = reference;
    }

    public string Text { get; }

    public string Metric { get; }

    public string Operator { get; }

    /// <summary>The threshold, when VALUE is a number.</summary>
    public double? Number { get; }

    /// <summary>The alias (or <c>latest</c>) whose version's metric is the threshold, when VALUE is not a number.</summary>
    public string? Reference { get; }

    public static Requirement Parse(string text)
    {
        var match = Pattern.Match(text ?? "");
        if (!match.Success)
        {
            throw new CliException(ExitCodes.Usage, $"The requirement '{text}' is not METRIC OP VALUE (OP one of >= <= > < ==, VALUE a number or an alias), e.g. \"AUC>=production\" or \"RMSE<=0.5\".");
        }

        var value = match.Groups["value"].Value;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new Requirement(text!, match.Groups["metric"].Value, match.Groups["op"].Value, number, null);
        }

        if (!string.Equals(value, ModelAliases.Latest, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                RegistryNames.ValidateAlias(value);
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.Usage, $"The requirement '{text}' compares with '{value}', which is neither a number nor an alias: {e.Message}");
            }
        }

        return new Requirement(text!, match.Groups["metric"].Value, match.Groups["op"].Value, null, value);
    }

    public async Task<RequirementResult> CheckAsync(IAsyncModelRegistry registry, ModelVersion candidate, string promotedAlias, CancellationToken cancellationToken)
    {
        double? candidateValue = candidate.Metrics.TryGetValue(Metric, out var c) ? c : null;
        if (Number is { } number)
        {
            return Compare(candidateValue, number, null, null);
        }

        ModelVersion reference;
        try
        {
            reference = await registry.GetVersionAsync(candidate.Name, Reference!, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelNotFoundException) when (string.Equals(Reference, promotedAlias, StringComparison.Ordinal))
        {
            // The first promotion to this alias: there is nothing to be at least as good as.
            return new RequirementResult(this, candidateValue, null, null, true, null, $"'{Reference}' is not set yet, so there is nothing to compare with");
        }

        double? referenceValue = reference.Metrics.TryGetValue(Metric, out var r) ? r : null;
        return Compare(candidateValue, referenceValue, reference.Version, Reference);
    }

    private RequirementResult Compare(double? candidate, double? reference, int? referenceVersion, string? alias)
    {
        if (candidate is not { } x || double.IsNaN(x))
        {
            return new RequirementResult(this, candidate, reference, referenceVersion, false, null, candidate is null ? $"the candidate has no metric '{Metric}'" : $"the candidate's {Metric} is NaN");
        }

        if (reference is not { } y || double.IsNaN(y))
        {
            return new RequirementResult(this, candidate, reference, referenceVersion, false, null, reference is null ? $"{alias} (version {referenceVersion}) has no metric '{Metric}' to compare with" : $"the {Metric} of {alias} (version {referenceVersion}) is NaN");
        }

        var passed = Operator switch
        {
            ">=" => x >= y,
            "<=" => x <= y,
            ">" => x > y,
            "<" => x < y,
            _ => x == y,
        };

        // The margin is positive by as much as the requirement is exceeded, negative by as much as it is missed.
        var margin = Operator switch
        {
            ">=" or ">" => x - y,
            "<=" or "<" => y - x,
            _ => -Math.Abs(x - y),
        };
        return new RequirementResult(this, candidate, reference, referenceVersion, passed, margin, null);
    }
}

public sealed class RequirementResult
{
    public RequirementResult(Requirement requirement, double? candidate, double? reference, int? referenceVersion, bool passed, double? margin, string? note)
    {
        Requirement = requirement;
        Candidate = candidate;
        ReferenceValue = reference;
        ReferenceVersion = referenceVersion;
        Passed = passed;
        Margin = margin;
        Note = note;
    }

    public Requirement Requirement { get; }

    public double? Candidate { get; }

    public double? ReferenceValue { get; }

    public int? ReferenceVersion { get; }

    public bool Passed { get; }

    /// <summary>How far the candidate is beyond (positive) or short of (negative) the threshold.</summary>
    public double? Margin { get; }

    public string? Note { get; }

    public string DescribeReference()
        => Requirement.Number is { } n ? MlopsAnalyzers.Cli.Text.Number(n)
        : ReferenceVersion is { } v ? $"{MlopsAnalyzers.Cli.Text.Number(ReferenceValue)} ({Requirement.Reference}=v{v})"
        : $"- ({Requirement.Reference} unset)";

    /// <summary>Why the requirement failed, and by how much.</summary>
    public string Explain()
    {
        var metric = Requirement.Metric;
        if (Margin is not { } margin)
        {
            return $"{Requirement.Text}: {Note}.";
        }

        var against = Requirement.Number is { } n ? MlopsAnalyzers.Cli.Text.Number(n) : $"{MlopsAnalyzers.Cli.Text.Number(ReferenceValue)} ({Requirement.Reference}, version {ReferenceVersion})";
        var by = Requirement.Operator == "==" ? $"off by {MlopsAnalyzers.Cli.Text.Number(-margin)}"
            : margin == 0 ? "equal, and the requirement is strict"
            : $"short by {MlopsAnalyzers.Cli.Text.Number(-margin)}";
        return $"{Requirement.Text}: {metric} is {MlopsAnalyzers.Cli.Text.Number(Candidate)}, against {against}: {by}.";
    }

    public JsonObject ToJson() => new()
    {
        ["requirement"] = Requirement.Text,
        ["metric"] = Requirement.Metric,
        ["operator"] = Requirement.Operator,
        ["reference"] = Requirement.Reference,
        ["threshold"] = MlopsAnalyzers.Cli.Text.Json(Requirement.Number ?? ReferenceValue),
        ["referenceVersion"] = ReferenceVersion,
        ["candidate"] = MlopsAnalyzers.Cli.Text.Json(Candidate),
        ["margin"] = MlopsAnalyzers.Cli.Text.Json(Margin),
        ["passed"] = Passed,
        ["note"] = Note,
        ["message"] = Passed ? null : Explain(),
    };
}
