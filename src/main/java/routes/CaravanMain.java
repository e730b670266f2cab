package routes;

public final class CaravanMain {
    public static void main(String[] args) throws Exception {
        org.apache.camel.main.Main main = new org.apache.camel.main.Main(CaravanMain.class);
        main.run(args);
    }
}
