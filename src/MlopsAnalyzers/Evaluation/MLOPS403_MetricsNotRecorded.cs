using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// MLOPS403: the result of a catalog's <c>Evaluate</c> or <c>CrossValidate</c> that goes nowhere but the console (or the
/// debug output), string formatting, or nothing at all. Followed through locals, member reads (<c>metrics.RSquared</c>),
/// indexers, <c>foreach</c> over cross-validation folds, LINQ over them (<c>folds.Average(f => f.Metrics.RSquared)</c>),
/// interpolation, concatenation, <c>string.Format</c> and <c>ToString</c>. Any other use (returned, passed to a method,
/// stored in a field, compared in a quality gate, logged) counts as recorded, and the call is not flagged.
/// </summary>
internal static class MetricsNotRecordedRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.MetricsNotRecorded,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Evaluation metrics only printed or discarded",
        messageFormat: "The metrics of '{0}' are only printed or discarded: record them with the run so experiments can be compared later",
        description: "Metrics written to the console, or never used, are lost when the process ends: nobody can later tell which run, data and parameters produced the model in production, or compare a new run with it. Record them, for example with the experiment tracker of MlopsAnalyzers.Abstractions.");

    private const int MaxDepth = 24;

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.TrainCatalogBase is not null;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (IsMetricsCall(invocation, symbols) && new Walker(symbols, invocation.GetRoot()).IsOnlyPrinted(invocation, 0))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                invocation.Syntax.GetLocation(),
                invocation.TargetMethod.Name));
        }
    }

    /// <summary>True for a catalog's <c>Evaluate*</c> or <c>CrossValidate*</c>.</summary>
    internal static bool IsMetricsCall(IInvocationOperation invocation, MlNetSymbols symbols)
        => symbols.IsEvaluate(invocation.TargetMethod) || symbols.IsCrossValidate(invocation.TargetMethod);

    /// <summary>Follows one value to everything that consumes it. Not shared across calls (it remembers what it visited).</summary>
    private sealed class Walker
    {
        private readonly MlNetSymbols _symbols;
        private readonly IOperation _root;
        private readonly HashSet<ISymbol> _visitedLocals = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IOperation> _lambdasReturningDerivedValues = new();

        public Walker(MlNetSymbols symbols, IOperation root)
        {
            _symbols = symbols;
            _root = root;
        }

        /// <summary>True when every use of <paramref name="value"/> only prints it, formats it, or drops it.</summary>
        public bool IsOnlyPrinted(IOperation value, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            var child = value;
            var consumer = value.Parent;
            while (consumer is IConversionOperation or IParenthesizedOperation)
            {
                child = consumer;
                consumer = consumer.Parent;
            }

            switch (consumer)
            {
                case IExpressionStatementOperation:
                    // Discarded.
                    return true;
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return IsLocalOnlyPrinted(declarator.Symbol, depth);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Parent: IExpressionStatementOperation } assignment
                    when ReferenceEquals(assignment.Value, child):
                    return IsLocalOnlyPrinted(target.Local, depth);
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    return IsPrintedArgument(call, argument, depth);
                case IArrayInitializerOperation { Parent: IArrayCreationOperation { IsImplicit: true } paramsArray }:
                    // The params array of Console.WriteLine(format, a, b, c).
                    return IsOnlyPrinted(paramsArray, depth + 1);
                case IInterpolationOperation { Parent: IInterpolatedStringOperation text }:
                    return IsOnlyPrinted(text, depth + 1);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                    return IsOnlyPrinted(concatenation, depth + 1);
                case IMemberReferenceOperation member when ReferenceEquals(member.Instance, child):
                    // metrics.RSquared, metrics.PerClassLogLoss[0], fold.Metrics
                    return IsOnlyPrinted(member, depth + 1);
                case IInvocationOperation call when ReferenceEquals(call.Instance, child):
                    // metrics.ConfusionMatrix.GetFormattedConfusionTable(), metrics.RSquared.ToString("0.00")
                    return (call.TargetMethod.IsFromMlNet() || call.TargetMethod.Name == nameof(ToString))
                        && IsOnlyPrinted(call, depth + 1);
                case IForEachLoopOperation loop when ReferenceEquals(loop.Collection, child):
                    return loop.LoopControlVariable is IVariableDeclaratorOperation variable && IsLocalOnlyPrinted(variable.Symbol, depth);
                case IReturnOperation returned:
                    // Only the value a LINQ lambda derives (f => f.Metrics.RSquared): that flows into the LINQ call, followed on its own.
                    return IsInLambdaReturningDerivedValues(returned);
                default:
                    return false;
            }
        }

        private bool IsPrintedArgument(IInvocationOperation call, IArgumentOperation argument, int depth)
        {
            var method = call.TargetMethod;
            var type = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(type, _symbols.Evaluation.Console) && method.Name.StartsWith("Write", System.StringComparison.Ordinal))
            {
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _symbols.Evaluation.Debug) && method.Name is "Write" or "WriteLine" or "Print" or "WriteIf" or "WriteLineIf")
            {
                return true;
            }

            // Console.Out.WriteLine(...), Console.Error.Write(...)
            if (method.Name.StartsWith("Write", System.StringComparison.Ordinal)
                && call.Instance is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } writer
                && SymbolEqualityComparer.Default.Equals(writer.Property.ContainingType, _symbols.Evaluation.Console))
            {
                return true;
            }

            if (type.SpecialType == SpecialType.System_String && method.Name is "Format" or "Concat" or "Join")
            {
                return IsOnlyPrinted(call, depth + 1);
            }

            if (SymbolEqualityComparer.Default.Equals(type, _symbols.Evaluation.Enumerable)
                && method.IsExtensionMethod
                && call.Arguments.Length > 0
                && ReferenceEquals(call.Arguments[0], argument))
            {
                return AreLambdasDerivingOnly(call, depth) && IsOnlyPrinted(call, depth + 1);
            }

            return false;
        }

        /// <summary>The lambdas given to a LINQ call only read their parameter and return what they read.</summary>
        private bool AreLambdasDerivingOnly(IInvocationOperation call, int depth)
        {
            for (var i = 1; i < call.Arguments.Length; i++)
            {
                var value = call.Arguments[i].Value.WalkDownConversion();
                if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
                {
                    _lambdasReturningDerivedValues.Add(lambda);
                    foreach (var parameter in lambda.Symbol.Parameters)
                    {
                        foreach (var reference in lambda.Body.Descendants())
                        {
                            if (reference is IParameterReferenceOperation read
                                && SymbolEqualityComparer.Default.Equals(read.Parameter, parameter)
                                && !IsOnlyPrinted(read, depth + 1))
                            {
                                return false;
                            }
                        }
                    }
                }
                else if (value is IDelegateCreationOperation or IAnonymousFunctionOperation)
                {
                    // A method group or something else that could record: not followed.
                    return false;
                }
            }

            return true;
        }

        private bool IsInLambdaReturningDerivedValues(IReturnOperation returned)
        {
            for (var current = returned.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    return _lambdasReturningDerivedValues.Contains(lambda);
                }

                if (current is ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>Every read of the local only prints it (a local read nowhere is a discarded value).</summary>
        private bool IsLocalOnlyPrinted(ILocalSymbol local, int depth)
        {
            if (!_visitedLocals.Add(local))
            {
                // Already being followed: its other reads decide.
                return true;
            }

            foreach (var operation in _root.GetDescendants())
            {
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !IsWrite(reference)
                    && !IsOnlyPrinted(reference, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsWrite(ILocalReferenceOperation reference)
            => reference.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference);
    }
}
