using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MlopsAnalyzers.Reproducibility;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS304: writes the hyperparameters a trainer call leaves implicit as named arguments, each with the default value
/// of its parameter as the referenced ML.NET declares it (<see cref="IParameterSymbol.ExplicitDefaultValue"/>), so the
/// trainer is built exactly as before: <c>Trainers.LbfgsLogisticRegression()</c> becomes
/// <c>Trainers.LbfgsLogisticRegression(l1Regularization: 1F, l2Regularization: 1F, optimizationTolerance: 1E-07F,
/// historySize: 20, enforceNonNegativity: false)</c>. A null default (ML.NET chooses the value from the data) is written
/// as <c>null</c>. No fix when a default has no plain literal (an enum value, a non-finite number), or the code has errors.
/// Fix All rewrites each document once, so nested trainer calls (<c>OneVersusAll(Trainers.LinearSvm())</c>) are both fixed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ImplicitHyperparametersCodeFix)), Shared]
public sealed class ImplicitHyperparametersCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS304.WriteDefaults";

    private const string Title = "Write the default hyperparameters out as named arguments";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ImplicitHyperparameters);

    public override FixAllProvider GetFixAllProvider() => DocumentBatch((target, diagnostics) =>
    {
        var plans = new List<Plan>();
        foreach (var diagnostic in diagnostics)
        {
            if (PlanAt(target, diagnostic.Location.SourceSpan) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return Apply(target, plans);
    });

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (PlanAt(target, context.Span) is { } plan)
        {
            Register(context, Title, _ => Task.FromResult(Apply(target, new[] { plan })), EquivalenceKey);
        }
    }

    /// <summary>What to append to one trainer call: its omitted hyperparameters with their default values.</summary>
    private sealed class Plan
    {
        public Plan(InvocationExpressionSyntax invocation, ImmutableArray<(string Name, ExpressionSyntax Value)> arguments)
        {
            Invocation = invocation;
            Arguments = arguments;
        }

        public InvocationExpressionSyntax Invocation { get; }

        public ImmutableArray<(string Name, ExpressionSyntax Value)> Arguments { get; }
    }

    private static Plan? PlanAt(FixTarget target, TextSpan span)
    {
        if (target.NodeAt(span) is not InvocationExpressionSyntax invocation
            || invocation.ContainsDiagnostics
            || target.Operation<IInvocationOperation>(invocation) is not { } operation
            || ImplicitHyperparametersRule.Create(target.SemanticModel.Compilation, target.Symbols) is not { } checker)
        {
            return null;
        }

        var omitted = checker.GetImplicitHyperparameters(operation);
        if (omitted.IsEmpty)
        {
            return null;
        }

        var arguments = ImmutableArray.CreateBuilder<(string, ExpressionSyntax)>(omitted.Length);
        foreach (var parameter in omitted)
        {
            if (DefaultValue(parameter) is not { } value)
            {
                return null;
            }

            arguments.Add((parameter.Name, value));
        }

        return new Plan(invocation, arguments.MoveToImmutable());
    }

    /// <summary>The parameter's default value as a C# literal of its type, or null when it has none.</summary>
    internal static ExpressionSyntax? DefaultValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var isNullable = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        var type = isNullable ? ((INamedTypeSymbol)parameter.Type).TypeArguments[0] : parameter.Type;
        if (type.TypeKind == TypeKind.Enum)
        {
            return null;
        }

        var token = parameter.ExplicitDefaultValue switch
        {
            null when isNullable => SyntaxFactory.Token(SyntaxKind.NullKeyword),
            bool value => SyntaxFactory.Token(value ? SyntaxKind.TrueKeyword : SyntaxKind.FalseKeyword),
            int value => SyntaxFactory.Literal(value),
            uint value => SyntaxFactory.Literal(value),
            long value => SyntaxFactory.Literal(value),
            ulong value => SyntaxFactory.Literal(value),
            short value => SyntaxFactory.Literal(value),
            ushort value => SyntaxFactory.Literal(value),
            sbyte value => SyntaxFactory.Literal(value),
            byte value => SyntaxFactory.Literal(value),
            float value when !float.IsNaN(value) && !float.IsInfinity(value) => SyntaxFactory.Literal(value),
            double value when !double.IsNaN(value) && !double.IsInfinity(value) => SyntaxFactory.Literal(value),
            decimal value => SyntaxFactory.Literal(value),
            _ => default,
        };

        // Parsed from its text, so a negative default reads as the compiler reads it (a unary minus).
        return token.RawKind == 0 ? null : SyntaxFactory.ParseExpression(token.Text);
    }

    private static Document Apply(FixTarget target, IReadOnlyCollection<Plan> plans)
    {
        var byInvocation = new Dictionary<InvocationExpressionSyntax, Plan>();
        foreach (var plan in plans)
        {
            byInvocation[plan.Invocation] = plan;
        }

        if (byInvocation.Count == 0)
        {
            return target.Document;
        }

        // Inner calls first (ReplaceNodes hands the outer call its already rewritten arguments).
        var root = target.Root.ReplaceNodes(
            byInvocation.Keys,
            (original, rewritten) =>
            {
                var list = rewritten.ArgumentList;
                foreach (var (name, value) in byInvocation[original].Arguments)
                {
                    list = SeedArgument.WithSeed(list, explicitNull: null, name, value);
                }

                return rewritten.WithArgumentList(list);
            });
        return target.Document.WithSyntaxRoot(root);
    }
}
