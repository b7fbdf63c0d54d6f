using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Artifacts;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// The rewrites to MlopsAnalyzers.Abstractions' default model registry that the MLOPS101, MLOPS102 and MLOPS103
/// fixes share:
/// <c>mlContext.Model.Save(model, schema, path)</c> becomes <c>ModelRegistry.Default.Register(mlContext, "name", model, schema)</c>,
/// <c>mlContext.Model.Load(path, out var schema)</c> becomes <c>ModelRegistry.Default.Load(mlContext, "name", "latest", out var schema)</c>,
/// and a hand upload of the model file becomes <c>ModelRegistry.Default.SetAlias("name", "production", "latest")</c>.
/// The name is the path's file name without its extension. Each is null when the code does not have that exact shape,
/// the name cannot be derived, or the compilation does not reference the runtime library.
/// </summary>
internal static class ModelRegistryRewrite
{
    /// <summary><c>mlops.MLOPS101.load_version</c>: the version or alias the Load rewrite asks for (default <c>latest</c>).</summary>
    public const string LoadVersionOption = "load_version";

    /// <summary><c>mlops.MLOPS102.alias</c>: the alias the publish rewrite moves (default <c>production</c>).</summary>
    public const string AliasOption = "alias";

    public const string Latest = "latest";

    public const string Production = "production";

    /// <summary>The runtime library's namespace, imported by the fixes.</summary>
    public const string Namespace = "MlopsAnalyzers.Abstractions";

    /// <summary>The <c>Register</c> call that replaces a <c>Model.Save(model, schema, path)</c>, or null.</summary>
    public static InvocationExpressionSyntax? Register(IInvocationOperation save, MlNetSymbols symbols, out string? name)
    {
        name = null;
        if (symbols.ModelRegistry is null
            || !ModelArtifacts.IsModelSaveToFile(save, symbols, out var pathArgument)
            || GetMLContext(save, symbols) is not { } mlContext
            || save.GetArgument("model")?.Syntax is not ArgumentSyntax model
            || save.GetArgument("inputSchema") is not { Syntax: ArgumentSyntax schema } schemaArgument
            || !ArtifactSymbols.Is(schemaArgument.Parameter?.Type, symbols.DataViewSchema)
            || schemaArgument.Value.IsNullConstant()
            || (name = GetModelName(pathArgument!.Value, symbols)) is null)
        {
            return null;
        }

        return Call("Register", mlContext, Name(name), SyntaxFactory.Argument(model.Expression), SyntaxFactory.Argument(schema.Expression));
    }

    /// <summary>The registry <c>Load</c> call that replaces a <c>Model.Load(path, out schema)</c>, or null.</summary>
    public static InvocationExpressionSyntax? Load(IInvocationOperation load, MlNetSymbols symbols, string version, out string? name)
    {
        name = null;
        var method = load.TargetMethod;
        if (symbols.ModelRegistry is null
            || method.Name != "Load"
            || !ArtifactSymbols.Is(method.ContainingType, symbols.ModelOperationsCatalog)
            || method.Parameters.Length != 2
            || method.Parameters[0].Type.SpecialType != SpecialType.System_String
            || GetMLContext(load, symbols) is not { } mlContext
            || load.GetArgument(method.Parameters[0]) is not { ArgumentKind: ArgumentKind.Explicit } path
            || load.GetArgument(method.Parameters[1])?.Syntax is not ArgumentSyntax schema
            || (name = GetModelName(path.Value, symbols)) is null)
        {
            return null;
        }

        // The out argument is kept as written (out var schema, out _, out DataViewSchema s), without a parameter name.
        return Call("Load", mlContext, Name(name), Name(version), schema.WithNameColon(null).WithoutTrivia());
    }

    /// <summary>
    /// The statement that replaces a statement that only uploads or copies the model file: point <paramref name="alias"/>
    /// at the latest registered version. Null when the call's value is used, or the name cannot be derived.
    /// </summary>
    public static StatementSyntax? Publish(IInvocationOperation move, MlNetSymbols symbols, string alias, out ExpressionStatementSyntax? statement, out string? name)
    {
        name = null;
        statement = null;
        if (symbols.ModelRegistry is null
            || ModelArtifacts.GetMove(move, symbols) is not { } found
            || (found.SourcePath ?? (found.SourceStream is null ? null : ModelArtifacts.GetFilePathOfStream(found.SourceStream, symbols))) is not { } path
            || (name = GetModelName(path, symbols)) is null)
        {
            return null;
        }

        // The call is a statement of its own: plain, awaited, or awaited with ConfigureAwait.
        var current = move.WalkUpConversion();
        if (current is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance?.WalkDownConversion() == move)
        {
            current = configureAwait.WalkUpConversion();
        }

        if (current is IAwaitOperation awaited)
        {
            current = awaited.WalkUpConversion();
        }

        if (current is not IExpressionStatementOperation { Syntax: ExpressionStatementSyntax expressionStatement })
        {
            return null;
        }

        statement = expressionStatement;
        var call = Call("SetAlias", null, Name(name), Name(alias), Name(Latest));
        return SyntaxFactory.ExpressionStatement(call).WithTriviaFrom(expressionStatement);
    }

    /// <summary>
    /// Whether <c>using MlopsAnalyzers.Abstractions;</c> must be added for the rewritten code to see <c>ModelRegistry</c>
    /// (and its extension methods) at <paramref name="position"/>: false when it is visible already, true when it is
    /// not, null when another type named <c>ModelRegistry</c> is in scope (then no fix is offered).
    /// </summary>
    public static bool? NeedsImport(SemanticModel semanticModel, int position, MlNetSymbols symbols)
    {
        var visible = semanticModel.LookupNamespacesAndTypes(position, name: "ModelRegistry");
        if (visible.Length == 0)
        {
            return true;
        }

        return visible.Length == 1 && SymbolEqualityComparer.Default.Equals(visible[0], symbols.ModelRegistry) ? false : null;
    }

    /// <summary>A model name from the file name at the end of a path: without its extension, characters outside the name rules replaced by '-'.</summary>
    public static string? GetModelName(IOperation path, MlNetSymbols symbols)
    {
        if (ModelArtifacts.GetFileNameOf(path, symbols) is not { } fileName)
        {
            return null;
        }

        var dot = fileName.LastIndexOf('.');
        if (dot == 0)
        {
            // ".zip": the name is not in the constant part of the path.
            return null;
        }

        var stem = dot > 0 ? fileName.Substring(0, dot) : fileName;
        var builder = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            builder.Append(IsNameCharacter(c) ? c : '-');
        }

        var name = builder.ToString().Trim('-', '.', '_');
        return IsValidName(name) ? name : null;
    }

    /// <summary>True for a name the registry accepts (the rules of <c>RegistryNames</c> in the runtime library).</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name!.Length > 100 || name.Contains("..") || name[name.Length - 1] == '.' || !IsLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameCharacter(c))
            {
                return false;
            }
        }

        var stem = name.Split('.')[0].ToUpperInvariant();
        return stem is not ("CON" or "PRN" or "AUX" or "NUL")
            && !((stem.StartsWith("COM", System.StringComparison.Ordinal) || stem.StartsWith("LPT", System.StringComparison.Ordinal)) && stem.Length == 4 && stem[3] is >= '1' and <= '9');
    }

    /// <summary>A version or alias option value: <c>latest</c>, a version number or a valid alias; else <paramref name="defaultValue"/>.</summary>
    public static string ReadVersionOption(Document document, SyntaxTree tree, string ruleId, string option, string defaultValue)
    {
        var value = FixOptions.GetString(document, tree, ruleId, option);
        return IsValidName(value) ? value! : defaultValue;
    }

    /// <summary>The <c>mlContext</c> of <c>mlContext.Model.X(...)</c>.</summary>
    private static ExpressionSyntax? GetMLContext(IInvocationOperation invocation, MlNetSymbols symbols)
        => invocation.Instance?.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Model", Instance: { } context }
            && symbols.IsMLContext(context.Type)
            && context.Syntax is ExpressionSyntax syntax
                ? syntax
                : null;

    private static InvocationExpressionSyntax Call(string method, ExpressionSyntax? mlContext, params ArgumentSyntax[] arguments)
    {
        var registry = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.IdentifierName("ModelRegistry"),
            SyntaxFactory.IdentifierName("Default"));
        var nodes = new System.Collections.Generic.List<SyntaxNodeOrToken>();
        if (mlContext is not null)
        {
            nodes.Add(SyntaxFactory.Argument(mlContext.WithoutTrivia()));
        }

        foreach (var argument in arguments)
        {
            if (nodes.Count > 0)
            {
                nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            nodes.Add(argument);
        }

        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, registry, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList<ArgumentSyntax>(nodes)));
    }

    private static ArgumentSyntax Name(string name)
        => SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)));

    private static bool IsLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

    private static bool IsNameCharacter(char c) => IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
}
