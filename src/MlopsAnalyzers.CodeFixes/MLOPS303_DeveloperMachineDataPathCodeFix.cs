using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Reproducibility;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS303: replaces the developer-machine path literal with
/// <c>Path.Combine(Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw ..., "relative", "part")</c>: the
/// data root comes from the environment (the variable name is <c>mlops.MLOPS303.data_root_variable</c>), the relative
/// part stays in code. Offered when the path is one string literal that is the whole path (the argument, a local's
/// value, the root of a Path.Combine), not a constant or the head of a concatenation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeveloperMachineDataPathCodeFix)), Shared]
public sealed class DeveloperMachineDataPathCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS303.ResolveAgainstDataRoot";

    /// <summary>The environment variable the fixed code reads, unless <c>mlops.MLOPS303.data_root_variable</c> names another.</summary>
    public const string DefaultDataRootVariable = "MLOPS_DATA_ROOT";

    public const string DataRootVariableOption = "data_root_variable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DeveloperMachineDataPath);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.Enclosing<ExpressionSyntax>(context.Span) is not { } argumentSyntax)
        {
            return;
        }

        // The reported argument: find the loading call it belongs to and trace the path again.
        var call = argumentSyntax.Ancestors().FirstOrDefault(a => a is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax);
        if (call is null || target.Operation<IOperation>(call) is not { } operation)
        {
            return;
        }

        var source = DeveloperMachineDataPathRule.FindDeveloperPaths(operation)
            .Where(p => p.Argument.Syntax.Span == context.Span)
            .Select(p => p.Source)
            .FirstOrDefault();
        if (source is null
            || !source.IsWholePath
            || source.Operation is not ILiteralOperation { Syntax: LiteralExpressionSyntax literal }
            || IsConstantContext(literal))
        {
            return;
        }

        var variable = FixOptions.GetString(context.Document, target.Root.SyntaxTree, RuleIdentifiers.DeveloperMachineDataPath, DataRootVariableOption);
        if (string.IsNullOrEmpty(variable))
        {
            variable = DefaultDataRootVariable;
        }

        var names = new TypeNames(target.SemanticModel, literal.SpanStart);
        var replacement = DataRootExpression(names, variable!, DeveloperPaths.Segments(source.RelativePart));
        Register(context, $"Resolve the path against the data root in '{variable}'", ct => ReplaceAsync(context.Document, literal, replacement, ct), EquivalenceKey);
    }

    /// <summary>A literal that initializes a const local must stay constant: no fix there.</summary>
    private static bool IsConstantContext(LiteralExpressionSyntax literal)
        => literal.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } }
           && declaration.IsConst;

    private static ExpressionSyntax DataRootExpression(TypeNames names, string variable, string[] segments)
    {
        var message = $"Set the {variable} environment variable to the folder that holds the data.";
        var environment = names.Get("System", "Environment");
        var exception = names.Get("System", "InvalidOperationException");
        var root = $"{environment}.GetEnvironmentVariable({Literal(variable)}) ?? throw new {exception}({Literal(message)})";
        return SyntaxFactory.ParseExpression(segments.Length == 0
            ? root
            : $"{names.Get("System.IO", "Path")}.Combine({root}, {string.Join(", ", segments.Select(Literal))})");
    }

    private static string Literal(string text) => SyntaxFactory.Literal(text).ToString();

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(literal, replacement.WithTriviaFrom(literal)));
    }
}
