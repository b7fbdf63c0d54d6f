using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Data;

/// <summary>
/// MLOPS603: a text file loaded without <c>MissingRealsAsNaNs = true</c> (a parameter overload, which cannot set it,
/// or options that leave it unset or false) in a method that also handles missing values
/// (<c>ReplaceMissingValues</c>, <c>IndicateMissingValues</c>, <c>mlContext.Data.FilterRowsByMissingValues</c>), when
/// the loaded columns hold reals (the schema class has a <c>float</c> or <c>double</c> member, or a column is declared
/// <c>DataKind.Single</c> or <c>Double</c>). Options the rule cannot read, a generic schema type and a missing-value
/// step in another method are not flagged.
/// </summary>
internal static class MissingRealsReadAsZeroRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.MissingRealsReadAsZero,
        RuleCategories.Data,
        RuleLevel.BuildWarning,
        title: "Missing numbers read as zero",
        messageFormat: "'{0}' reads empty numeric fields as 0, but this code handles missing values with '{1}', which only sees NaN: set MissingRealsAsNaNs = true",
        description: "Without TextLoader.Options.MissingRealsAsNaNs, the text loader reads an empty float or double field as 0. A ReplaceMissingValues, IndicateMissingValues or FilterRowsByMissingValues step later in the flow looks for NaN, so it never sees the missing values: they are learned as real zeros.");

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols, DataSymbols data)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (GetMissingValueStep(invocation, symbols, data) is { } step)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                TextLoaderDefaultsContradictFileRule.NameLocation(invocation),
                invocation.TargetMethod.Name,
                step.TargetMethod.Name));
        }
    }

    /// <summary>The missing-value step of the method when <paramref name="invocation"/> is a text load that reads missing reals as 0, else null.</summary>
    internal static IInvocationOperation? GetMissingValueStep(IInvocationOperation invocation, MlNetSymbols symbols, DataSymbols data)
    {
        if (TextLoad.Get(invocation, data) is not { } load
            || load.MissingRealsAsNaNs.State == SettingState.Unknown
            || (load.MissingRealsAsNaNs.State == SettingState.Explicit && load.MissingRealsAsNaNs.Value is not false))
        {
            return null;
        }

        IInvocationOperation? step = null;
        foreach (var operation in invocation.GetRoot().GetDescendants())
        {
            if (operation is IInvocationOperation candidate && data.IsMissingValueStep(candidate.TargetMethod, symbols))
            {
                step = candidate;
                break;
            }
        }

        return step is not null && load.ReadsReals(data) ? step : null;
    }
}
