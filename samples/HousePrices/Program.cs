using HousePrices;

var dataPath = Path.Combine(AppContext.BaseDirectory, "Data", "houses.csv");
var modelPath = Path.Combine(AppContext.BaseDirectory, "house-prices.zip");

var metrics = new PriceModelTrainer().TrainAndSave(dataPath, modelPath);
Console.WriteLine($"R-squared: {metrics.RSquared:0.000}  RMSE: {metrics.RootMeanSquaredError:0}");

var predictor = new PricePredictor(modelPath);
var house = new House { Size = 95, Rooms = 4, Age = 20, City = "Lyon" };
Console.WriteLine($"Predicted price of a {house.Size} m2 flat in {house.City}: {predictor.Predict(house):0}");
