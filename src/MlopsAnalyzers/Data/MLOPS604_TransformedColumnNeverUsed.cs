using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Evaluation;

namespace MlopsAnalyzers.Data;

/// <summary>
/// MLOPS604: in a complete estimator chain (<c>a.Append(b)...Append(trainer)</c>, every step an ML.NET call written in
/// the chain, the last one a trainer), a step that makes a new column from a raw one
/// (<c>NormalizeMinMax("AgeNorm", "Age")</c>: constant <c>outputColumnName</c> and <c>inputColumnName</c> that differ)
/// whose output column no later step names, while a later step (a <c>Concatenate</c>, the trainer's feature column)
/// names the raw column: the model is trained on the raw column and the transform is wasted. Not flagged when the
/// output column's name appears anywhere else in the method (it may be read outside the chain), when a step is a
/// variable or a call of yours, or when the chain has no trainer.
/// </summary>
internal static class TransformedColumnNeverUsedRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.TransformedColumnNeverUsed,
        RuleCategories.Data,
        RuleLevel.IdeSuggestion,
        title: "Transformed column never used while its raw column feeds the model",
        messageFormat: "'{0}' makes column '{1}' from '{2}', but no later step uses '{1}' while '{2}' still goes into {3}: the model trains on the raw column",
        description: "A transform that writes a new column leaves its input column in place. When the features are then assembled from the input column, the transformed column is computed and thrown away, and the model learns from the raw values (unnormalized, with missing values, as text keys) the transform was meant to fix.");

    private const int MaxSteps = 256;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!EstimatorChains.IsOutermostAppend(invocation))
        {
            return;
        }

        var steps = new List<IInvocationOperation>();
        if (!Flatten(invocation, symbols, steps, 0)
            || steps.Count < 3
            || !TrainerColumns.IsTrainerCreation(steps[steps.Count - 1], symbols))
        {
            return;
        }

        for (var i = 0; i < steps.Count - 1; i++)
        {
            if (GetColumns(steps[i]) is not { } columns)
            {
                continue;
            }

            var outputUsed = false;
            string? rawUse = null;
            for (var j = i + 1; j < steps.Count && !outputUsed; j++)
            {
                foreach (var constant in Constants(steps[j]))
                {
                    if (constant == columns.Output)
                    {
                        outputUsed = true;
                        break;
                    }
                }

                if (rawUse is null && j < steps.Count - 1 && IsConcatenateOf(steps[j], columns.Input))
                {
                    rawUse = "'Concatenate'";
                }
                else if (rawUse is null && j == steps.Count - 1
                    && TrainerColumns.GetColumn(steps[j], TrainerColumns.FeatureParameter, TrainerColumns.FeatureOption, "Features") == columns.Input)
                {
                    rawUse = $"the trainer '{steps[j].TargetMethod.Name}'";
                }
            }

            if (outputUsed || rawUse is null || IsNamedElsewhere(invocation, steps[i], columns.Output))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                TextLoaderDefaultsContradictFileRule.NameLocation(steps[i]),
                steps[i].TargetMethod.Name,
                columns.Output,
                columns.Input,
                rawUse));
        }
    }

    /// <summary>The steps of a chain in order; false when a step is not an ML.NET call written in the chain.</summary>
    private static bool Flatten(IOperation operation, MlNetSymbols symbols, List<IInvocationOperation> steps, int depth)
    {
        if (depth > MaxSteps || operation.WalkDownConversion() is not IInvocationOperation call || !call.TargetMethod.IsFromMlNet())
        {
            return false;
        }

        if (!symbols.IsEstimatorAppend(call.TargetMethod))
        {
            steps.Add(call);
            return true;
        }

        return call.GetReceiver() is { } receiver
            && call.GetArgument("estimator") is { } estimator
            && Flatten(receiver, symbols, steps, depth + 1)
            && Flatten(estimator.Value, symbols, steps, depth + 1);
    }

    private readonly struct Columns
    {
        public Columns(string output, string input)
        {
            Output = output;
            Input = input;
        }

        public string Output { get; }

        public string Input { get; }
    }

    private static Columns? GetColumns(IInvocationOperation step)
        => step.GetArgument("outputColumnName") is { Value.ConstantValue: { HasValue: true, Value: string output } }
            && step.GetArgument("inputColumnName") is { ArgumentKind: ArgumentKind.Explicit, Value.ConstantValue: { HasValue: true, Value: string input } }
            && output != input
            ? new Columns(output, input)
            : null;

    /// <summary>True for <c>Concatenate(output, inputs)</c> whose constant inputs include <paramref name="column"/>.</summary>
    private static bool IsConcatenateOf(IInvocationOperation step, string column)
    {
        if (step.TargetMethod.Name != "Concatenate" || step.GetArgument("inputColumnNames") is not { } inputs)
        {
            return false;
        }

        foreach (var operation in inputs.Value.DescendantsAndSelf())
        {
            if (operation.ConstantValue is { HasValue: true, Value: string text } && text == column)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string constants a step names (its arguments, params arrays and options initializers included).</summary>
    private static IEnumerable<string> Constants(IInvocationOperation step)
    {
        foreach (var argument in step.Arguments)
        {
            foreach (var operation in argument.Value.DescendantsAndSelf())
            {
                if (operation.ConstantValue is { HasValue: true, Value: string text })
                {
                    yield return text;
                }
            }
        }
    }

    /// <summary>True when the column's name is a constant anywhere in the method outside the step that makes it.</summary>
    private static bool IsNamedElsewhere(IOperation chain, IInvocationOperation producer, string column)
    {
        foreach (var operation in chain.GetRoot().GetDescendants())
        {
            if (operation.ConstantValue is { HasValue: true, Value: string text }
                && text == column
                && !producer.Syntax.Span.Contains(operation.Syntax.Span))
            {
                return true;
            }
        }

        return false;
    }
}
